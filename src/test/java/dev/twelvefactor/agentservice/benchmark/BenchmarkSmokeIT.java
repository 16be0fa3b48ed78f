package dev.twelvefactor.agentservice.benchmark;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmark from rotting: every scenario once, with a few threads, in the
 * default {@code ./mvnw verify}; it checks that every thread reached its pause and every
 * count matches, never how fast.
 */
class BenchmarkSmokeIT {

	/**
	 * What was measured around the service, which a short run on an idle machine may see
	 * as zero: the stubs' few milliseconds of CPU, counted in clock ticks, and the load.
	 */
	private static final Set<String> AROUND_THE_SERVICE = Set.of("benchmark_cpu_ms_per_step",
			"database_cpu_ms_per_step", "machine_busy_pct", "load_average");

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
			.allSatisfy((figure) -> assertThat(figure.value()).as(figure.label())
				.isFinite()
				.isGreaterThanOrEqualTo(0.0)
				.satisfies((value) -> assertThat(AROUND_THE_SERVICE.contains(figure.key()) || value > 0)
					.as("%s is positive", figure.label())
					.isTrue()));
	}

}
