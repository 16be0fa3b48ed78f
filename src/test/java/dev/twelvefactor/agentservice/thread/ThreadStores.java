package dev.twelvefactor.agentservice.thread;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.util.unit.DataSize;

/**
 * The real in-memory store and the thread bounds, for tests of other packages that run
 * the agent without the application.
 */
public final class ThreadStores {

	private ThreadStores() {
	}

	/**
	 * A store with room for every thread a test makes.
	 * @return the store
	 */
	public static ThreadStore inMemory() {
		return new CaffeineThreadStore(limits(1000), (event) -> {
		}, new SimpleMeterRegistry());
	}

	/**
	 * Thread bounds with the given most events, and otherwise the defaults.
	 * @param maxEvents the most events a thread may hold
	 * @return the bounds
	 */
	public static ThreadProperties limits(int maxEvents) {
		return new ThreadProperties(32768, maxEvents, DataSize.ofMegabytes(1),
				new ThreadProperties.Store(100_000, Duration.ofDays(30)));
	}

}
