package dev.twelvefactor.agentservice.store;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes what the durable store keeps no longer, in the background and in bounded
 * batches: threads nobody changed for {@code AGENT_STORE_IDLE_EXPIRY}, and webhook ids
 * past their window.
 */
class Retention {

	private final JdbcThreadStore threads;

	private final JdbcDeliveries deliveries;

	Retention(JdbcThreadStore threads, JdbcDeliveries deliveries) {
		this.threads = threads;
		this.deliveries = deliveries;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
	void sweep() {
		this.threads.deleteIdle();
		this.deliveries.sweep();
	}

}
