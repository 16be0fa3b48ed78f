package dev.twelvefactor.agentservice.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmark from rotting: every scenario once, with a few threads, in the
 * default {@code ./mvnw verify}; it checks that every thread reached its pause and every
 * count matches, never how fast.
 */
class BenchmarkSmokeIT {

	@Test
	void everyScenarioRunsAndEveryThreadReachesItsPause() throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.smoke();
		Report report = new Report(settings, Machine.describe(settings.java()));

		new Scenarios(settings).runAll(report);

		System.out.println(report.table());
		assertThat(report.writeJson()).exists();
		assertThat(report.errors()).isEmpty();
		assertThat(report.measurements()).extracting(Measurement::scenario).containsExactly("a", "b", "c", "d");
		assertThat(report.measurements()).flatExtracting(Measurement::figures)
			.allSatisfy((figure) -> assertThat(figure.value()).as(figure.label()).isPositive().isFinite());
	}

}
