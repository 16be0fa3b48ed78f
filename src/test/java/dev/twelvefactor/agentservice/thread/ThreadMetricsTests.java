package dev.twelvefactor.agentservice.thread;

import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The thread gauges: every status, from one count of the store per scrape.
 */
class ThreadMetricsTests {

	@Test
	void oneStoreQueryAnswersEveryStatusGaugeOfAScrape() {
		ThreadStore store = mock(ThreadStore.class);
		given(store.countByStatus()).willReturn(Map.of(ThreadStatus.RUNNING, 2L, ThreadStatus.AWAITING_APPROVAL, 5L,
				ThreadStatus.AWAITING_HUMAN_RESPONSE, 0L, ThreadStatus.FAILED, 1L, ThreadStatus.CANCELLED, 3L));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ThreadMetrics(store, () -> Instant.parse("2026-12-02T17:00:00Z")).bindTo(registry);

		assertThat(registry.get("agent.threads").tag("status", "running").gauge().value()).isEqualTo(2);
		assertThat(registry.get("agent.threads").tag("status", "awaiting_approval").gauge().value()).isEqualTo(5);
		assertThat(registry.get("agent.threads").tag("status", "awaiting_human_response").gauge().value()).isZero();
		assertThat(registry.get("agent.threads").tag("status", "failed").gauge().value()).isEqualTo(1);
		assertThat(registry.get("agent.threads").tag("status", "cancelled").gauge().value()).isEqualTo(3);
		verify(store, times(1)).countByStatus();
	}

	@Test
	void theNextScrapeCountsAgain() {
		ThreadStore store = mock(ThreadStore.class);
		given(store.countByStatus()).willReturn(Map.of(ThreadStatus.RUNNING, 1L), Map.of(ThreadStatus.RUNNING, 3L));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Instant now = Instant.parse("2026-12-02T17:00:00Z");
		Instant[] clock = { now };
		new ThreadMetrics(store, () -> clock[0]).bindTo(registry);

		assertThat(registry.get("agent.threads").tag("status", "running").gauge().value()).isEqualTo(1);
		clock[0] = now.plusSeconds(15);
		assertThat(registry.get("agent.threads").tag("status", "running").gauge().value()).isEqualTo(3);
		assertThat(registry.get("agent.threads").tag("status", "failed").gauge().value()).isZero();
	}

}
