package dev.twelvefactor.agentservice.thread;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * Publishes how many stored threads are in each status, as {@code agent.threads}.
 */
@Component
class ThreadMetrics implements MeterBinder {

	private final ThreadStore threads;

	ThreadMetrics(ThreadStore threads) {
		this.threads = threads;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ThreadStatus status : ThreadStatus.values()) {
			Gauge.builder("agent.threads", this.threads, (store) -> count(store, status))
				.tag("status", status.jsonName())
				.description("Stored threads by status")
				.register(registry);
		}
	}

	private static double count(ThreadStore store, ThreadStatus status) {
		return store.all().stream().filter((thread) -> thread.status() == status).count();
	}

}
