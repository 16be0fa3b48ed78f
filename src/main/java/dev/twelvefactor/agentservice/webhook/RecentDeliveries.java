package dev.twelvefactor.agentservice.webhook;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The {@code webhook-id}s of deliveries handled lately, in memory: the in-memory store's
 * ({@code AGENT_STORE=memory}); at most {@value #MAXIMUM_SIZE} ids, for 24 hours.
 */
@Component
@ConditionalOnProperty(name = "agent.store.type", havingValue = "memory", matchIfMissing = true)
class RecentDeliveries implements HandledDeliveries {

	static final long MAXIMUM_SIZE = 10_000;

	static final Duration RETENTION = Duration.ofHours(24);

	private final Cache<String, Receipt> receipts = Caffeine.newBuilder()
		.maximumSize(MAXIMUM_SIZE)
		.expireAfterWrite(RETENTION)
		.build();

	@Override
	public Receipt find(String webhookId) {
		return this.receipts.getIfPresent(webhookId);
	}

	@Override
	public void remember(String webhookId, Receipt receipt) {
		this.receipts.asMap().putIfAbsent(webhookId, receipt);
	}

}
