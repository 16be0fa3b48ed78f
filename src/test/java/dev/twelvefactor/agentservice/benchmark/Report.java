package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the runs' measurements into what a reader compares: per figure the median of the
 * runs with its spread, printed as one table and written with every raw figure as JSON.
 */
final class Report {

	private static final String ROW = "%-62s %7s %12s %23s%n";

	private final BenchmarkSettings settings;

	private final Map<String, Object> machine;

	private final Instant started = Instant.now();

	private final List<Measurement> measurements = new ArrayList<>();

	Report(BenchmarkSettings settings, Map<String, Object> machine) {
		this.settings = settings;
		this.machine = machine;
	}

	/**
	 * Adds a measurement and prints a line about it, since a full benchmark takes long.
	 * @param measurement the measurement
	 */
	void add(Measurement measurement) {
		this.measurements.add(measurement);
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "(%s, %s) N=%d run %d:",
				measurement.scenario(), measurement.start(), measurement.size(), measurement.run()));
		measurement.figures()
			.forEach((figure) -> line.append(' ').append(figure.key()).append('=').append(format(figure.value())));
		measurement.errors().forEach((error) -> line.append("\n  error: ").append(error));
		System.out.println(line);
	}

	List<Measurement> measurements() {
		return List.copyOf(this.measurements);
	}

	/**
	 * Every error of every run, naming the run.
	 * @return the errors
	 */
	List<String> errors() {
		List<String> errors = new ArrayList<>();
		for (Measurement measurement : this.measurements) {
			measurement.errors()
				.forEach((error) -> errors.add("(" + measurement.scenario() + ", " + measurement.start() + ") N="
						+ measurement.size() + " run " + measurement.run() + ": " + error));
		}
		return errors;
	}

	/**
	 * The medians, one row per figure, with what they were measured on.
	 * @return the table
	 */
	String table() {
		StringBuilder table = new StringBuilder("\n");
		table.append(String.format(Locale.ROOT, "agent-service benchmark, %s, commit %s%n", this.started,
				this.machine.get("commit")));
		table.append(String.format(Locale.ROOT, "JDK: %s%n", this.machine.get("jdk")));
		table.append(String.format(Locale.ROOT, "Machine: %s CPUs (%s), %s RAM%n", this.machine.get("nproc"),
				this.machine.get("cpu"), this.machine.get("memory")));
		table.append(String.format(Locale.ROOT,
				"Model latency %d ms ((d) fills at 0 ms); median of %d run(s), each in a fresh service process after "
						+ "%d warm-up threads (warm) or %d (fresh); store %s; service env %s, JVM options %s, jar %s%n%n",
				this.settings.modelLatency().toMillis(), this.settings.runs(), this.settings.warmup(),
				this.settings.freshWarmup(), this.settings.store(), this.settings.serviceEnv(),
				this.settings.serviceJvmArgs(), this.settings.jar().getFileName()));
		table.append(String.format(Locale.ROOT, ROW, "figure", "N", "median", "(min - max)"));
		for (Summary summary : summaries()) {
			for (Map.Entry<String, Spread> figure : summary.figures().entrySet()) {
				Spread spread = figure.getValue();
				table.append(String.format(Locale.ROOT, ROW,
						"(" + summary.scenario() + ", " + summary.start() + ") " + spread.label(), summary.size(),
						format(spread.median()), "(" + format(spread.min()) + " - " + format(spread.max()) + ")"));
			}
		}
		for (Measurement measurement : this.measurements) {
			if (measurement.details().containsKey("top_classes_bytes_per_thread")) {
				table.append(String.format(Locale.ROOT,
						"%n(d, %s) N=%d run %d, classes that grew most, bytes per thread: %s", measurement.start(),
						measurement.size(), measurement.run(),
						measurement.details().get("top_classes_bytes_per_thread")));
			}
		}
		List<String> errors = errors();
		table.append(String.format(Locale.ROOT, "%n%nErrors: %s%n", errors.isEmpty() ? "none" : ""));
		errors.forEach((error) -> table.append("  ").append(error).append('\n'));
		return table.toString();
	}

	/**
	 * Writes the settings, the machine, every run's figures and the medians.
	 * @return the file written, {@code results-<java major>.json}
	 */
	Path writeJson() throws IOException {
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("started", this.started.toString());
		results.put("machine", this.machine);
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("scenarios", this.settings.scenarios());
		settings.put("sizes", this.settings.sizes());
		settings.put("memory_sizes", this.settings.memorySizes());
		settings.put("runs", this.settings.runs());
		settings.put("starts", this.settings.starts());
		settings.put("warmup", this.settings.warmup());
		settings.put("fresh_warmup", this.settings.freshWarmup());
		settings.put("store", this.settings.store());
		settings.put("requests", this.settings.requests());
		settings.put("clients", this.settings.clients());
		settings.put("launch_concurrency", this.settings.launchConcurrency());
		settings.put("model_latency_ms", this.settings.modelLatency().toMillis());
		settings.put("service_env", this.settings.serviceEnv());
		settings.put("service_jvm_args", this.settings.serviceJvmArgs());
		settings.put("jar", this.settings.jar().toString());
		results.put("settings", settings);
		results.put("medians", summaries());
		results.put("runs", this.measurements);
		results.put("errors", errors());
		Path file = this.settings.output()
			.resolve("results-" + this.machine.get("java_major") + "-" + this.settings.store() + ".json");
		Files.createDirectories(file.getParent());
		JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), results);
		return file;
	}

	private List<Summary> summaries() {
		Map<String, Map<String, List<Measurement.Figure>>> groups = new LinkedHashMap<>();
		for (Measurement measurement : this.measurements) {
			Map<String, List<Measurement.Figure>> figures = groups.computeIfAbsent(
					measurement.scenario() + "/" + measurement.start() + "/" + measurement.size(),
					(key) -> new LinkedHashMap<>());
			measurement.figures()
				.forEach((figure) -> figures.computeIfAbsent(figure.key(), (key) -> new ArrayList<>()).add(figure));
		}
		List<Summary> summaries = new ArrayList<>();
		groups.forEach((group, figures) -> {
			Map<String, Spread> spreads = new LinkedHashMap<>();
			figures.forEach((key, values) -> spreads.put(key, Spread.of(values)));
			String[] key = group.split("/");
			summaries.add(new Summary(key[0], key[1], Integer.parseInt(key[2]), spreads));
		});
		return summaries;
	}

	private static String format(double value) {
		if (Double.isNaN(value)) {
			return "-";
		}
		double magnitude = Math.abs(value);
		String pattern = (magnitude >= 1000) ? "%,.0f" : (magnitude >= 10) ? "%.1f" : "%.3f";
		return String.format(Locale.ROOT, pattern, value);
	}

	/**
	 * The figures of one scenario at one size over all runs.
	 *
	 * @param scenario the scenario
	 * @param start {@code fresh} or {@code warm}
	 * @param size the number of threads
	 * @param figures each figure's spread, by key
	 */
	record Summary(String scenario, String start, int size, Map<String, Spread> figures) {
	}

	/**
	 * One figure over all runs.
	 *
	 * @param label its name in the table
	 * @param median the median of the runs
	 * @param min the lowest
	 * @param max the highest
	 * @param values every run's value, in run order
	 */
	record Spread(String label, double median, double min, double max, List<Double> values) {

		static Spread of(List<Measurement.Figure> figures) {
			List<Double> values = figures.stream().map(Measurement.Figure::value).toList();
			List<Double> sorted = values.stream().sorted().toList();
			int middle = sorted.size() / 2;
			double median = (sorted.size() % 2 == 1) ? sorted.get(middle)
					: (sorted.get(middle - 1) + sorted.get(middle)) / 2;
			return new Spread(figures.get(0).label(), median, sorted.get(0), sorted.get(sorted.size() - 1), values);
		}

	}

}
