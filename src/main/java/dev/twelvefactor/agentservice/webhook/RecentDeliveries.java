package dev.twelvefactor.agentservice.webhook;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The {@code webhook-id}s of deliveries handled lately, so a sender's retry of one it
 * already delivered is answered as a duplicate without being handled again.
 */
class RecentDeliveries {

	static final long MAXIMUM_SIZE = 10_000;

	static final Duration RETENTION = Duration.ofHours(24);

	private final Cache<String, Receipt> receipts = Caffeine.newBuilder()
		.maximumSize(MAXIMUM_SIZE)
		.expireAfterWrite(RETENTION)
		.build();

	/**
	 * The receipt of an earlier delivery with the same id, marked as a duplicate.
	 * @param webhookId the delivery's id
	 * @return the receipt, or {@code null} when no delivery with this id was handled
	 */
	Receipt duplicateOf(String webhookId) {
		Receipt earlier = this.receipts.getIfPresent(webhookId);
		return (earlier != null) ? earlier.asDuplicate() : null;
	}

	void remember(String webhookId, Receipt receipt) {
		this.receipts.put(webhookId, receipt);
	}

}
