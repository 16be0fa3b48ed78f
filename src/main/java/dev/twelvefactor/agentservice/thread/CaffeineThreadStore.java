package dev.twelvefactor.agentservice.thread;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Keeps threads in memory, bounded in number and idle time, and logs each one it has to
 * drop.
 */
@Component
class CaffeineThreadStore implements ThreadStore {

	private static final Logger logger = LoggerFactory.getLogger(CaffeineThreadStore.class);

	private final Cache<UUID, AgentThread> threads;

	CaffeineThreadStore(ThreadProperties properties) {
		this.threads = Caffeine.newBuilder()
			.maximumSize(properties.storeMaximumSize())
			.expireAfterAccess(properties.storeIdleExpiry())
			.removalListener(CaffeineThreadStore::logEviction)
			.build();
	}

	@Override
	public AgentThread create(String message) {
		AgentThread thread = AgentThread.launch(UUID.randomUUID(), message);
		this.threads.put(thread.id(), thread);
		return thread;
	}

	@Override
	public Optional<AgentThread> find(UUID id) {
		return Optional.ofNullable(this.threads.getIfPresent(id));
	}

	@Override
	public Optional<AgentThread> update(UUID id, UnaryOperator<AgentThread> change) {
		return Optional.ofNullable(this.threads.asMap().computeIfPresent(id, (key, thread) -> change.apply(thread)));
	}

	@Override
	public void delete(UUID id) {
		this.threads.invalidate(id);
	}

	@Override
	public Collection<AgentThread> all() {
		return List.copyOf(this.threads.asMap().values());
	}

	private static void logEviction(UUID id, AgentThread thread, RemovalCause cause) {
		if (cause.wasEvicted() && thread != null) {
			logger.warn("Thread {} was dropped from the store ({}) while {}.", id, cause, thread.status().jsonName());
		}
	}

}
