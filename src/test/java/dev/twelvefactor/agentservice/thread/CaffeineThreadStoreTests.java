package dev.twelvefactor.agentservice.thread;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory store: the store contract, and how it says that a thread expired.
 */
@ExtendWith(OutputCaptureExtension.class)
class CaffeineThreadStoreTests extends ThreadStoreContract {

	private final AtomicLong nanos = new AtomicLong();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Override
	protected ThreadStore newStore(long maximumSize, Duration idleExpiry) {
		return new CaffeineThreadStore(
				new ThreadProperties(1024, 1000, DataSize.ofMegabytes(1),
						new ThreadProperties.Store(maximumSize, idleExpiry)),
				this::announce, this.meters, this.nanos::get);
	}

	@Override
	protected void elapse(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@Test
	void anExpiredThreadIsLoggedAndCounted(CapturedOutput output) {
		ThreadStore store = store(1, Duration.ofMinutes(1));
		AgentThread thread = store.create("hello!");
		elapse(Duration.ofMinutes(2));
		assertThat(store.find(thread.id())).isEmpty();
		store.create("tidy up");
		assertThat(output).contains("Thread " + thread.id() + " was dropped from the store (EXPIRED) while running");
		assertThat(this.meters.get("agent.threads.expired").tag("status", "running").counter().count()).isOne();
	}

	@Test
	void aDeletedThreadIsGoneWithoutAWarning(CapturedOutput output) {
		ThreadStore store = store(100, Duration.ofDays(1));
		AgentThread thread = store.create("hello!");
		store.delete(thread.id());
		assertThat(store.find(thread.id())).isEmpty();
		assertThat(output).doesNotContain("was dropped");
		assertThat(this.meters.find("agent.threads.expired").counter()).isNull();
	}

}
