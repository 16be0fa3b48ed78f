package dev.twelvefactor.agentservice.benchmark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full benchmark of issue 7: runs by failsafe after the jar is packaged, only with
 * {@code ./mvnw -Pbenchmark verify} (see docs/benchmarks.md), prints the table and writes
 * {@code target/benchmark/results-<java major>-<store>.json}, and fails if any run had an
 * error.
 */
@Tag("benchmark")
class BenchmarkIT {

	@Test
	void measureTheServiceAsAUserRunsIt() throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.full();
		Report report = new Report(settings, Machine.describe(settings.java()));
		new Scenarios(settings).runAll(report);
		System.out.println(report.table());
		System.out.println("Results: " + report.writeJson().toAbsolutePath());
		assertThat(report.errors()).isEmpty();
	}

}
