package dev.twelvefactor.agentservice.thread;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Publishes how many stored threads are in each status, as {@code agent.threads}: one
 * store query answers every status gauge of a scrape.
 */
@Component
class ThreadMetrics implements MeterBinder {

	/**
	 * How long one count answers the gauges: a scrape reads them all within this moment,
	 * and no later reader sees a stale count.
	 */
	private static final Duration FRESH_FOR = Duration.ofMillis(100);

	private final ThreadStore threads;

	private final InstantSource clock;

	private Counts counts;

	@Autowired
	ThreadMetrics(ThreadStore threads) {
		this(threads, InstantSource.system());
	}

	ThreadMetrics(ThreadStore threads, InstantSource clock) {
		this.threads = threads;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ThreadStatus status : ThreadStatus.values()) {
			Gauge.builder("agent.threads", this, (metrics) -> metrics.count(status))
				.tag("status", status.jsonName())
				.description("Stored threads by status")
				.register(registry);
		}
	}

	private synchronized double count(ThreadStatus status) {
		Instant now = this.clock.instant();
		if (this.counts == null || !now.isBefore(this.counts.takenAt().plus(FRESH_FOR))) {
			this.counts = new Counts(this.threads.countByStatus(), now);
		}
		return this.counts.byStatus().getOrDefault(status, 0L);
	}

	private record Counts(Map<ThreadStatus, Long> byStatus, Instant takenAt) {

	}

}
