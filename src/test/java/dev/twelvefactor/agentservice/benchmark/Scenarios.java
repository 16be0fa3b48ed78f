package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.store.TestPostgres;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

/**
 * The benchmark's scenarios, each run against a fresh service process with fresh stubs
 * and warmed up in that process before it is measured.
 */
final class Scenarios {

	static final String ADD = "add 3 and 4";

	static final String DIVIDE = "divide 3 by 4";

	/** Model calls of either script: the operation, then {@code done_for_now}. */
	static final int STEPS_PER_THREAD = 2;

	/**
	 * Threads launched but not yet paused while (d) fills, well within the loop queue.
	 */
	private static final int FILL_WINDOW = 500;

	private static final int TOP_CLASSES = 8;

	/** The reads of paused threads (d) times, after as many not timed. */
	private static final int READS = 2000;

	/**
	 * The clients that read paused threads at once in (d): one, for the latency of a read
	 * alone, and several, for reads that queue for the machine.
	 */
	private static final List<Integer> READ_CLIENTS = List.of(1, 10);

	private final BenchmarkSettings settings;

	private final String webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(randomBytes());

	private final JsonMapper json = JsonMapper.builder().build();

	Scenarios(BenchmarkSettings settings) {
		this.settings = settings;
	}

	/**
	 * Runs the chosen scenarios at the chosen sizes, each run in a process of its own.
	 * @param report where each measurement goes as it is taken
	 */
	void runAll(Report report) throws Exception {
		for (String start : this.settings.starts()) {
			for (int run = 1; run <= this.settings.runs() && this.settings.runs("a"); run++) {
				report.add(launchLatency(start, run));
			}
			for (int size : this.settings.sizes()) {
				for (int run = 1; run <= this.settings.runs() && this.settings.runs("b"); run++) {
					report.add(allPaused(start, size, run));
				}
			}
			for (int size : this.settings.sizes()) {
				for (int run = 1; run <= this.settings.runs() && this.settings.runs("c"); run++) {
					report.add(approvals(start, size, run));
				}
			}
			for (int run = 1; run <= this.settings.runs() && this.settings.runs("d"); run++) {
				memory(start, run).forEach(report::add);
			}
		}
	}

	/**
	 * (a) {@code POST /thread} latency and throughput from a fixed number of clients
	 * sending one launch after another; the loops run in the background.
	 */
	Measurement launchLatency(String start, int run) throws Exception {
		int requests = this.settings.requests();
		int warmups = this.settings.warmup(start);
		Measurement.Builder measurement = new Measurement.Builder("a", start, requests, run);
		try (Setup setup = new Setup(start + "-a-" + requests + "-run" + run, this.settings.modelLatency(), Map.of())) {
			int clients = Math.min(this.settings.clients(), requests);
			LoadClient.Launches warmup = setup.client.closedLoop(ADD, warmups, clients);
			measurement.errors(warmup.errors()).errors(awaitContacts(setup, warmup).errors());
			LoadClient.Launches launches = setup.client.closedLoop(ADD, requests, clients);
			List<Long> latencies = new ArrayList<>(launches.latencies());
			Collections.sort(latencies);
			measurement.figure("p50_ms", "POST /thread p50 (ms)", percentile(latencies, 50))
				.figure("p90_ms", "POST /thread p90 (ms)", percentile(latencies, 90))
				.figure("p99_ms", "POST /thread p99 (ms)", percentile(latencies, 99))
				.figure("throughput_per_s", "POST /thread throughput (/s)", requests / (launches.elapsedNanos() / 1e9));
			setup.startup(measurement);
			measurement.errors(launches.errors()).errors(awaitContacts(setup, launches).errors());
			setup.check(measurement, warmups + requests, 0);
		}
		return measurement.build();
	}

	/**
	 * (b) and (e): N "add" threads launched at once, until every one has paused on its
	 * {@code done_for_now} contact, and the service's CPU time per model call meanwhile.
	 */
	Measurement allPaused(String start, int size, int run) throws Exception {
		return launchAtOnce("b", start, ADD, size, run);
	}

	/**
	 * (c) and (e): N "divide" threads launched at once, each approved by webhook as soon
	 * as it asks, until every one has sent its final {@code done_for_now} contact.
	 */
	Measurement approvals(String start, int size, int run) throws Exception {
		return launchAtOnce("c", start, DIVIDE, size, run);
	}

	private Measurement launchAtOnce(String scenario, String start, String message, int size, int run)
			throws Exception {
		Measurement.Builder measurement = new Measurement.Builder(scenario, start, size, run);
		boolean approvals = message.equals(DIVIDE);
		int warmups = this.settings.warmup(start);
		try (Setup setup = new Setup(start + "-" + scenario + "-" + size + "-run" + run, this.settings.modelLatency(),
				Map.of())) {
			LoadClient.Launches warmup = burst(setup, message, warmups);
			measurement.errors(warmup.errors()).errors(awaitContacts(setup, warmup).errors());
			long callsBefore = setup.model.calls();
			Usage before = setup.usage();
			LoadClient.Launches launches = burst(setup, message, size);
			Completion done = awaitContacts(setup, launches);
			Usage used = setup.usage().since(before);
			long cpu = used.service();
			long calls = setup.model.calls() - callsBefore;
			double ideal = STEPS_PER_THREAD * this.settings.modelLatency().toNanos() / 1e6;
			double millis = (done.last() - launches.start()) / 1e6;
			measurement.errors(launches.errors())
				.errors(done.errors())
				.figure("ms", approvals ? "launch to all done after approval (ms)" : "launch to all paused (ms)",
						millis)
				.figure("ratio_to_ideal", "ratio to ideal (" + STEPS_PER_THREAD + " x model latency)",
						(ideal > 0) ? millis / ideal : Double.NaN)
				.figure("model_calls", "model calls (agent steps)", calls)
				.figure("cpu_ms_per_step", "(e) service CPU per agent step (ms)", (calls > 0) ? cpu / 1e6 / calls : 0);
			used.report(measurement, calls);
			setup.startup(measurement);
			measurement.figure("cpu_since_start_s", "service CPU from its start to the last contact (s)",
					setup.service.cpuNanos() / 1e9);
			measurement.expect("Model calls", calls, (long) STEPS_PER_THREAD * launches.threadIds().size());
			setup.check(measurement, warmups + size, approvals ? warmups + size : 0);
		}
		return measurement.build();
	}

	/**
	 * (d) the live heap and resident memory of the service holding N paused threads,
	 * filled with a model that answers at once, against the idle service that has run its
	 * warm-up threads (which stay paused in both); the store is made large enough to keep
	 * them all. Then the latency of {@code GET /thread/{id}} of paused threads picked at
	 * random, from a few clients at once.
	 */
	List<Measurement> memory(String start, int run) throws Exception {
		List<Integer> sizes = this.settings.memorySizes().stream().sorted().toList();
		int largest = sizes.get(sizes.size() - 1);
		int warmups = this.settings.warmup(start);
		Map<String, String> store = Map.of("AGENT_STORE_MAXIMUM_SIZE", Integer.toString(largest + warmups));
		List<Measurement> measurements = new ArrayList<>();
		try (Setup setup = new Setup(start + "-d-run" + run, Duration.ZERO, store)) {
			LoadClient.Launches warmup = fill(setup, warmups);
			List<String> paused = new ArrayList<>(warmup.threadIds());
			List<String> warmupErrors = new ArrayList<>(warmup.errors());
			warmupErrors.addAll(awaitContacts(setup, warmup).errors());
			ClassHistogram idle = setup.service.histogram();
			long idleRss = setup.service.rssBytes();
			int filled = 0;
			for (int size : sizes) {
				Measurement.Builder measurement = new Measurement.Builder("d", start, size, run).errors(warmupErrors);
				LoadClient.Launches launches = fill(setup, size - filled);
				filled = size;
				paused.addAll(launches.threadIds());
				measurement.errors(launches.errors()).errors(awaitContacts(setup, launches).errors());
				ClassHistogram heap = setup.service.histogram();
				long rss = setup.service.rssBytes();
				for (int clients : READ_CLIENTS) {
					measurement.errors(setup.client.reads(paused, READS, clients).errors());
					LoadClient.Requests reads = setup.client.reads(paused, READS, clients);
					List<Long> latencies = new ArrayList<>(reads.latencies());
					Collections.sort(latencies);
					String label = "GET /thread/{id} of a paused thread, " + clients + " client(s), ";
					measurement.figure("get_" + clients + "_p50_ms", label + "p50 (ms)", percentile(latencies, 50))
						.figure("get_" + clients + "_p99_ms", label + "p99 (ms)", percentile(latencies, 99))
						.errors(reads.errors());
				}
				measurement.figure("heap_idle_mb", "live heap, idle after warm-up (MB)", idle.totalBytes() / 1e6)
					.figure("heap_mb", "live heap with N paused (MB)", heap.totalBytes() / 1e6)
					.figure("bytes_per_thread", "heap per paused thread (bytes)",
							(heap.totalBytes() - idle.totalBytes()) / (double) size)
					.figure("rss_idle_mb", "RSS, idle after warm-up (MB)", idleRss / 1e6)
					.figure("rss_mb", "RSS with N paused (MB)", rss / 1e6)
					.detail("top_classes_bytes_per_thread", perThread(heap.grownSince(idle, TOP_CLASSES), size));
				measurement.expect("Paused threads in the service", setup.pausedThreads(), warmups + size);
				setup.check(measurement, warmups + size, 0);
				measurements.add(measurement.build());
			}
		}
		return measurements;
	}

	private LoadClient.Launches burst(Setup setup, String message, int count) throws InterruptedException {
		return setup.client.burst(message, count, this.settings.launchConcurrency(), (sent) -> true);
	}

	/**
	 * Launches "add" threads no faster than they pause, so the loop queue never refuses
	 * one.
	 */
	private LoadClient.Launches fill(Setup setup, int count) throws InterruptedException {
		long pausedBefore = setup.humanLayer.contacts();
		return setup.client.burst(ADD, count, this.settings.launchConcurrency(),
				(sent) -> sent - (setup.humanLayer.contacts() - pausedBefore) < FILL_WINDOW);
	}

	/**
	 * Waits until every launched thread's final contact has reached the stub HumanLayer.
	 * @return when the last one arrived; when some never arrive, the error and the time
	 * of the last that did
	 */
	private Completion awaitContacts(Setup setup, LoadClient.Launches launches) throws InterruptedException {
		List<String> threadIds = launches.threadIds();
		long deadline = System.nanoTime() + this.settings.timeout().toNanos();
		long missing = setup.humanLayer.missingContacts(threadIds);
		while (missing > 0 && System.nanoTime() < deadline && setup.humanLayer.errors().isEmpty()) {
			Thread.sleep(10);
			missing = setup.humanLayer.missingContacts(threadIds);
		}
		long last = launches.start();
		for (String threadId : threadIds) {
			Long arrival = setup.humanLayer.contactArrival(threadId);
			last = (arrival != null) ? Math.max(last, arrival) : last;
		}
		return new Completion(last,
				(missing == 0) ? List.of()
						: List.of(missing + " of " + threadIds.size() + " threads sent no final contact within "
								+ this.settings.timeout() + " (see " + setup.service.log() + ")"));
	}

	/**
	 * When the last of some threads paused, in {@link System#nanoTime()}, and which did
	 * not.
	 */
	private record Completion(long last, List<String> errors) {
	}

	private static Map<String, Long> perThread(Map<String, Long> bytes, int threads) {
		Map<String, Long> perThread = new LinkedHashMap<>();
		bytes.forEach((type, total) -> perThread.put(type, Math.round(total / (double) threads)));
		return perThread;
	}

	/** The nearest-rank percentile of sorted latencies, in milliseconds. */
	private static double percentile(List<Long> sortedNanos, int percentile) {
		if (sortedNanos.isEmpty()) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.size());
		return sortedNanos.get(Math.max(0, rank - 1)) / 1e6;
	}

	private static byte[] randomBytes() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	/**
	 * The stubs and a service process pointed at them, for one run; closing stops the
	 * service before the stubs.
	 */
	private final class Setup implements AutoCloseable {

		private final StubModel model;

		private final StubHumanLayer humanLayer;

		private final ServiceProcess service;

		private final LoadClient client;

		private final Path storeDirectory;

		private final TestPostgres postgres;

		Setup(String name, Duration modelLatency, Map<String, String> environment) throws Exception {
			String store = Scenarios.this.settings.store();
			this.storeDirectory = store.equals("file") ? Files.createTempDirectory("agent-benchmark-store-") : null;
			this.postgres = store.equals("postgres") ? TestPostgres.get() : null;
			this.model = new StubModel(modelLatency);
			this.humanLayer = new StubHumanLayer(Scenarios.this.webhookSecret);
			Map<String, String> env = new LinkedHashMap<>();
			env.put("AGENT_LLM_PROVIDER", "openai");
			env.put("OPENAI_API_KEY", "bench");
			env.put("OPENAI_BASE_URL", this.model.baseUrl());
			env.put("HUMANLAYER_API_KEY", StubHumanLayer.API_KEY);
			env.put("HUMANLAYER_API_BASE", this.humanLayer.apiBase());
			env.put("HUMANLAYER_EMAIL", "bench@example.com");
			env.put("HUMANLAYER_WEBHOOK_SECRET", Scenarios.this.webhookSecret);
			env.put("LOGGING_LEVEL_ROOT", "WARN");
			env.put("AGENT_STORE", store);
			if (this.storeDirectory != null) {
				env.put("AGENT_STORE_PATH", this.storeDirectory.toString());
			}
			if (this.postgres != null) {
				env.put("AGENT_DATABASE_URL", this.postgres.createDatabase());
				env.put("AGENT_DATABASE_USER", this.postgres.user());
			}
			env.putAll(environment);
			try {
				this.service = ServiceProcess.start(Scenarios.this.settings, env,
						Scenarios.this.settings.output().resolve("service-" + name + ".log"));
			}
			catch (Exception ex) {
				this.humanLayer.close();
				this.model.close();
				deleteStore();
				throw ex;
			}
			this.humanLayer.deliverTo(this.service.uri("/webhook"));
			this.client = new LoadClient(this.service);
		}

		/**
		 * Notes an error for anything the stubs saw go wrong or counted differently from
		 * what the threads launched in this process must have caused.
		 */
		void check(Measurement.Builder measurement, int threads, int approvals) throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (this.humanLayer.webhooksApplied() < approvals && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			measurement.errors(this.humanLayer.errors())
				.expect("Model calls the stub could not answer", this.model.errors(), 0)
				.expect("Contacts (done_for_now)", this.humanLayer.contacts(), threads)
				.expect("Function calls (divide)", this.humanLayer.functionCalls(), approvals)
				.expect("Approvals applied by webhook", this.humanLayer.webhooksApplied(), approvals)
				.detail("webhook_deliveries_retried", this.humanLayer.deliveriesRetried());
		}

		/**
		 * How many threads the service itself says are paused for a person's response.
		 */
		long pausedThreads() throws IOException, InterruptedException {
			URI metric = this.service.uri("/actuator/metrics/agent.threads?tag=status:awaiting_human_response");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(metric).build(), HttpResponse.BodyHandlers.ofString());
			return (long) Scenarios.this.json.readTree(response.body())
				.path("measurements")
				.path(0)
				.path("value")
				.asDouble();
		}

		/**
		 * The CPU time used so far by the service, the benchmark's own JVM (the stubs and
		 * the load client), the database server when there is one, and the whole machine.
		 */
		Usage usage() throws IOException, InterruptedException {
			long[] machine = Machine.cpuTicks();
			return new Usage(this.service.cpuNanos(), Machine.benchmarkCpuNanos(),
					(this.postgres != null) ? this.postgres.cpuNanos(Machine.clockTicks()) : 0, machine[0], machine[1]);
		}

		/**
		 * Adds how long the service took to come up and the CPU it used for that.
		 */
		void startup(Measurement.Builder measurement) {
			measurement.figure("startup_s", "service start until healthy (s)", this.service.startupNanos() / 1e9)
				.figure("startup_cpu_s", "service CPU until healthy (s)", this.service.startupCpuNanos() / 1e9);
		}

		@Override
		public void close() throws InterruptedException {
			try {
				this.service.close();
			}
			finally {
				this.humanLayer.close();
				this.model.close();
				deleteStore();
			}
		}

		private void deleteStore() {
			if (this.storeDirectory != null) {
				FileSystemUtils.deleteRecursively(this.storeDirectory.toFile());
			}
		}

	}

	/**
	 * CPU time used by each part of a run, in nanoseconds, and by the machine, in clock
	 * ticks; {@link #since} makes it the time of one phase.
	 */
	private record Usage(long service, long benchmark, long database, long machineBusy, long machineTotal) {

		Usage since(Usage before) {
			return new Usage(this.service - before.service, this.benchmark - before.benchmark,
					this.database - before.database, this.machineBusy - before.machineBusy,
					this.machineTotal - before.machineTotal);
		}

		/**
		 * Adds the CPU that the stubs, the load client and the database took per agent
		 * step, next to the service's, and how busy the whole machine was meanwhile.
		 */
		void report(Measurement.Builder measurement, long steps) throws IOException {
			double perStep = Math.max(steps, 1) * 1e6;
			measurement.figure("benchmark_cpu_ms_per_step", "stubs + load client CPU per agent step (ms)",
					this.benchmark / perStep);
			if (this.database > 0) {
				measurement.figure("database_cpu_ms_per_step", "PostgreSQL CPU per agent step (ms)",
						this.database / perStep);
			}
			measurement
				.figure("machine_busy_pct", "machine CPU busy meanwhile, every process (%)",
						100.0 * this.machineBusy / Math.max(this.machineTotal, 1))
				.figure("load_average", "load average (1 min) at the end", Machine.loadAverage());
		}

	}

}
