package dev.twelvefactor.agentservice.store;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes what the durable store keeps no longer, in the background and in bounded
 * batches: threads nobody changed for {@code AGENT_STORE_IDLE_EXPIRY}, and webhook ids
 * and the keys of messages that started threads past their window.
 */
class Retention {

	private final JdbcThreadStore threads;

	private final JdbcDeliveries deliveries;

	private final JdbcStartedThreads started;

	Retention(JdbcThreadStore threads, JdbcDeliveries deliveries, JdbcStartedThreads started) {
		this.threads = threads;
		this.deliveries = deliveries;
		this.started = started;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
	void sweep() {
		this.threads.deleteIdle();
		this.deliveries.sweep();
		this.started.sweep();
	}

}
