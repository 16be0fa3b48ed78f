package dev.twelvefactor.agentservice.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Channel;
import dev.twelvefactor.agentservice.thread.Origin;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;

/**
 * A store that passes every call on to another, for tests that step in on a few of them.
 */
abstract class ForwardingThreadStore implements ThreadStore {

	protected final ThreadStore store;

	ForwardingThreadStore(ThreadStore store) {
		this.store = store;
	}

	@Override
	public Optional<AgentThread> update(UUID id, UnaryOperator<AgentThread> change) {
		return this.store.update(id, change);
	}

	@Override
	public AgentThread create(String message, Origin origin, Channel channel) {
		return this.store.create(message, origin, channel);
	}

	@Override
	public Optional<AgentThread> find(UUID id) {
		return this.store.find(id);
	}

	@Override
	public void delete(UUID id) {
		this.store.delete(id);
	}

	@Override
	public List<AgentThread> recent(int limit) {
		return this.store.recent(limit);
	}

	@Override
	public Map<ThreadStatus, Long> countByStatus() {
		return this.store.countByStatus();
	}

	@Override
	public List<AgentThread> waitingSince(Instant cutoff, int limit) {
		return this.store.waitingSince(cutoff, limit);
	}

}
