package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.StringUtils;

/**
 * What one benchmark run measures and against which service, read from
 * {@code -Dbenchmark.*} system properties so a subset can be run from the command line
 * (see docs/benchmarks.md).
 *
 * @param scenarios the scenarios to run, of {@code a}, {@code b}, {@code c}, {@code d}
 * @param sizes the numbers of threads launched at once in (b) and (c)
 * @param memorySizes the numbers of paused threads held in (d), filled in this order
 * @param runs how many fresh service processes each figure is the median of
 * @param starts {@code warm}, {@code fresh} or both: which figures to take, after the
 * full warm-up or after the few threads a just-started replica has seen
 * @param warmup threads run through a scenario in each process before a warm figure
 * @param freshWarmup threads run through a scenario in each process before a fresh figure
 * @param store the service's store, {@code memory}, {@code file} (a temporary directory)
 * or {@code postgres} (a throwaway server of the benchmark's, one database per process)
 * @param requests the launches of (a)
 * @param clients the concurrent clients of (a)
 * @param launchConcurrency the most launch requests in flight at once in (b), (c), (d)
 * @param modelLatency how long the stub model takes to answer, except while (d) fills
 * @param timeout the longest wait for a phase's threads to pause
 * @param java the java that runs the service
 * @param serviceEnv environment variables added to the service's
 * @param serviceJvmArgs JVM options of the service
 * @param jar the packaged service
 * @param output where logs and results go
 */
record BenchmarkSettings(List<String> scenarios, List<Integer> sizes, List<Integer> memorySizes, int runs,
		List<String> starts, int warmup, int freshWarmup, String store, int requests, int clients,
		int launchConcurrency, Duration modelLatency, Duration timeout, Path java, Map<String, String> serviceEnv,
		List<String> serviceJvmArgs, Path jar, Path output) {

	static final String WARM = "warm";

	static final String FRESH = "fresh";

	static final String MEMORY = "memory";

	private static final List<String> STORES = List.of(MEMORY, "file", "postgres");

	private static final Path TARGET = Path.of("target");

	/**
	 * The full benchmark, as the issue asks for it, narrowed by system properties.
	 * @return the settings
	 */
	static BenchmarkSettings full() {
		return new BenchmarkSettings(list("benchmark.scenarios", "a,b,c,d"),
				integers("benchmark.sizes", "200,1000,5000"), integers("benchmark.memorySizes", "10000,100000"),
				Integer.getInteger("benchmark.runs", 3), startsFromProperties(),
				Integer.getInteger("benchmark.warmup", 2000), Integer.getInteger("benchmark.freshWarmup", 20),
				storeFromProperties(), Integer.getInteger("benchmark.requests", 2000),
				Integer.getInteger("benchmark.clients", 50), Integer.getInteger("benchmark.launchConcurrency", 64),
				duration("benchmark.modelLatency", "100ms"), duration("benchmark.timeout", "5m"), javaFromProperties(),
				serviceEnvFromProperties(), jvmArgs(), jarFromProperties(), TARGET.resolve("benchmark"));
	}

	/**
	 * A few threads through every scenario, once, to show that the benchmark still works;
	 * only the service, its jar and its settings are read from system properties.
	 * @return the settings
	 */
	static BenchmarkSettings smoke() {
		return new BenchmarkSettings(List.of("a", "b", "c", "d"), List.of(20), List.of(200), 1, List.of(WARM), 20, 20,
				MEMORY, 20, 5, 64, Duration.ofMillis(20), Duration.ofMinutes(1), javaFromProperties(),
				serviceEnvFromProperties(), jvmArgs(), jarFromProperties(), TARGET.resolve("benchmark-smoke"));
	}

	/**
	 * These settings with the service run from another jar with other JVM options.
	 * @param jar the jar
	 * @param jvmArgs the options
	 * @return the settings
	 */
	BenchmarkSettings withJar(Path jar, List<String> jvmArgs) {
		return new BenchmarkSettings(this.scenarios, this.sizes, this.memorySizes, this.runs, this.starts, this.warmup,
				this.freshWarmup, this.store, this.requests, this.clients, this.launchConcurrency, this.modelLatency,
				this.timeout, this.java, this.serviceEnv, jvmArgs, jar.toAbsolutePath(), this.output);
	}

	boolean runs(String scenario) {
		return this.scenarios.contains(scenario);
	}

	/**
	 * The threads a process runs through a scenario before a figure of this start.
	 * @param start {@code warm} or {@code fresh}
	 * @return the warm-up threads
	 */
	int warmup(String start) {
		return FRESH.equals(start) ? this.freshWarmup : this.warmup;
	}

	private static List<String> startsFromProperties() {
		List<String> starts = list("benchmark.starts", WARM);
		if (starts.isEmpty() || !List.of(FRESH, WARM).containsAll(starts)) {
			throw new IllegalArgumentException("benchmark.starts takes fresh, warm or both, not " + starts);
		}
		return starts;
	}

	private static String storeFromProperties() {
		String store = System.getProperty("benchmark.store", MEMORY);
		if (!STORES.contains(store)) {
			throw new IllegalArgumentException("benchmark.store is one of " + STORES + ", not " + store);
		}
		return store;
	}

	/**
	 * The service's JVM options, separated by spaces: options such as
	 * {@code -XX:StartFlightRecording=filename=x.jfr,settings=profile} hold commas.
	 */
	private static List<String> jvmArgs() {
		return Arrays.stream(System.getProperty("benchmark.serviceJvmArgs", "").split("\\s+"))
			.filter(StringUtils::hasText)
			.toList();
	}

	private static List<String> list(String property, String defaultValue) {
		return Arrays.stream(System.getProperty(property, defaultValue).split(","))
			.map(String::trim)
			.filter(StringUtils::hasText)
			.toList();
	}

	private static List<Integer> integers(String property, String defaultValue) {
		return list(property, defaultValue).stream().map(Integer::valueOf).toList();
	}

	private static Duration duration(String property, String defaultValue) {
		return DurationStyle.detectAndParse(System.getProperty(property, defaultValue));
	}

	private static Map<String, String> serviceEnvFromProperties() {
		Map<String, String> env = new LinkedHashMap<>();
		for (String pair : list("benchmark.serviceEnv", "")) {
			int equals = pair.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("benchmark.serviceEnv takes NAME=value pairs, not " + pair);
			}
			env.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return env;
	}

	/**
	 * The java binary that runs the service, resolved so that its own {@code jcmd} is
	 * found next to it.
	 */
	private static Path javaFromProperties() {
		String configured = System.getProperty("benchmark.java");
		Path java = StringUtils.hasText(configured) ? Path.of(configured)
				: Path.of(System.getProperty("java.home"), "bin", "java");
		try {
			return java.toRealPath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No java at " + java, ex);
		}
	}

	/**
	 * The jar that {@code -Dbenchmark.jar} names (such as the extracted one that a CDS
	 * archive or AOT cache belongs to), else the packaged one.
	 */
	private static Path jarFromProperties() {
		String configured = System.getProperty("benchmark.jar");
		return StringUtils.hasText(configured) ? Path.of(configured).toAbsolutePath() : packagedJar();
	}

	/**
	 * The packaged jar in target/, not the plain one the repackaging keeps as
	 * {@code *.original}.
	 */
	private static Path packagedJar() {
		List<Path> jars = new ArrayList<>();
		try (DirectoryStream<Path> found = Files.newDirectoryStream(TARGET, "agent-service-*.jar")) {
			found.forEach(jars::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + TARGET.toAbsolutePath(), ex);
		}
		if (jars.size() != 1) {
			throw new IllegalStateException("Expected one agent-service-*.jar in " + TARGET.toAbsolutePath()
					+ " (run ./mvnw package first), found " + jars);
		}
		return jars.get(0).toAbsolutePath();
	}

}
