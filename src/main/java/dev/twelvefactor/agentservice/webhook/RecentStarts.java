package dev.twelvefactor.agentservice.webhook;

import java.util.UUID;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The threads messages started lately, in memory: the in-memory store's
 * ({@code AGENT_STORE=memory}); as many keys and for as long as {@link RecentDeliveries}
 * keeps ids. Copies that arrive together wait for each other in the cache's computation.
 */
@Component
@ConditionalOnProperty(name = "agent.store.type", havingValue = "memory", matchIfMissing = true)
class RecentStarts implements StartedThreads {

	private final Cache<String, UUID> started = Caffeine.newBuilder()
		.maximumSize(RecentDeliveries.MAXIMUM_SIZE)
		.expireAfterWrite(RecentDeliveries.RETENTION)
		.build();

	@Override
	public Started start(String key, Supplier<UUID> create) {
		boolean[] now = new boolean[1];
		UUID threadId = this.started.get(key, (started) -> {
			now[0] = true;
			return create.get();
		});
		return new Started(threadId, now[0]);
	}

	@Override
	public void forget(String key) {
		this.started.invalidate(key);
	}

}
