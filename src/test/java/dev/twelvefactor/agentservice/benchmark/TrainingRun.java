package dev.twelvefactor.agentservice.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The build's training run of the class-data archive (the AOT cache on Java 25): the
 * extracted jar, started with the JVM option that writes the archive when it exits,
 * serves threads as a deployment does (the model and HumanLayer over HTTP, played by the
 * benchmark's stubs; every approval by a signed webhook), and is then stopped as a
 * platform stops it. So the archive holds the classes that serving loads, and on Java 25
 * the method profiles of serving, not only those of the start.
 * <p>
 * Run by the {@code cds-training} execution of the build with the jar, where the archive
 * goes, and the JVM options that write it.
 */
public final class TrainingRun {

	private static final String SECRET = "whsec_dHJhaW5pbmctcnVuLXNlY3JldC0wMTIzNDU2Nzg5";

	/** Threads of each kind: enough for the request path to be run hot, not more. */
	private static final int THREADS = 150;

	/** Launches in flight at once, as from a few clients. */
	private static final int CLIENTS = 8;

	private static final Duration EXIT = Duration.ofMinutes(3);

	private TrainingRun() {
	}

	/**
	 * Trains the archive.
	 * @param arguments the extracted jar, the archive the run must leave, then the JVM
	 * options that make the service write it
	 * @throws Exception when the service does not start, a thread does not pause, or the
	 * archive is not there once the service has exited
	 */
	public static void main(String[] arguments) throws Exception {
		Path jar = Path.of(arguments[0]);
		Path archive = Path.of(arguments[1]);
		List<String> options = Arrays.asList(arguments).subList(2, arguments.length);
		Files.deleteIfExists(archive);
		BenchmarkSettings settings = BenchmarkSettings.smoke().withJar(jar, options);
		Path log = jar.toAbsolutePath().getParent().resolveSibling("cds-training.log");
		try (StubModel model = new StubModel(Duration.ofMillis(5));
				StubHumanLayer humans = new StubHumanLayer(SECRET)) {
			Map<String, String> env = ThreadsClient.environment(model, humans, SECRET);
			ServiceProcess service = ServiceProcess.start(settings, env, log);
			try {
				humans.deliverTo(service.uri("/webhook"));
				LoadClient load = new LoadClient(service);
				List<String> threads = new ArrayList<>();
				List<String> errors = new ArrayList<>();
				for (String message : List.of(Scenarios.ADD, Scenarios.DIVIDE)) {
					LoadClient.Launches launches = load.closedLoop(message, THREADS, CLIENTS);
					threads.addAll(launches.threadIds());
					errors.addAll(launches.errors());
				}
				if (!errors.isEmpty()) {
					throw new IllegalStateException("Launches of the training run failed: " + errors);
				}
				new ThreadsClient().await(service, threads, (thread) -> ThreadsClient.pausedAndSent(thread)
						&& "awaiting_human_response".equals(thread.path("status").asString()));
			}
			finally {
				service.stop(EXIT);
			}
			if (!humans.errors().isEmpty() || model.errors() > 0) {
				throw new IllegalStateException(
						"The training run had errors: " + humans.errors() + ", " + model.errors() + " of the model");
			}
		}
		if (!Files.isRegularFile(archive)) {
			throw new IllegalStateException("The service exited without writing " + archive
					+ "; its log, with the JVM's report if it crashed: " + log);
		}
	}

}
