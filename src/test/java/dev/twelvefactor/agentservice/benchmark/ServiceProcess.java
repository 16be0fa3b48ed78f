package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as a user runs it: {@code java -jar} on the packaged jar, configured by
 * environment variables only, in a process of its own whose CPU time, memory and live
 * heap the operating system and {@code jcmd} report.
 * <p>
 * The process gets a clean environment (only {@code PATH}, {@code HOME} and the locale
 * are passed on), so a developer's own settings, such as a model key or an API token,
 * cannot change what is measured.
 */
final class ServiceProcess implements AutoCloseable {

	private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

	private static final Duration STARTUP = Duration.ofMinutes(3);

	private static final Duration SHUTDOWN = Duration.ofSeconds(15);

	private final Process process;

	private final int port;

	private final Path log;

	private final Path jcmd;

	private long startupNanos;

	private long startupCpuNanos;

	private ServiceProcess(Process process, int port, Path log, Path jcmd) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.jcmd = jcmd;
	}

	/**
	 * Starts the service and waits until {@code /actuator/health} says it is up.
	 * @param settings the jar, the java that runs it, extra environment and JVM options
	 * @param environment the variables that point it at the stubs
	 * @param log where its output goes
	 * @return the running service
	 * @throws IllegalStateException when it does not come up; the message quotes its log
	 */
	static ServiceProcess start(BenchmarkSettings settings, Map<String, String> environment, Path log)
			throws IOException, InterruptedException {
		return start(settings, environment, List.of(log)).get(0);
	}

	/**
	 * Starts one service per log, all at once, as a platform starts replicas, and waits
	 * until each says it is up.
	 * @param settings the jar, the java that runs them, extra environment and JVM options
	 * @param environment the variables that point them at the stubs
	 * @param logs where the output of each goes
	 * @return the running services, in the order of their logs
	 * @throws IllegalStateException when one does not come up (then all are stopped); the
	 * message quotes its log
	 */
	static List<ServiceProcess> start(BenchmarkSettings settings, Map<String, String> environment, List<Path> logs)
			throws IOException, InterruptedException {
		long starting = System.nanoTime();
		List<ServiceProcess> services = new ArrayList<>();
		try {
			for (Path log : logs) {
				services.add(launch(settings, environment, log));
			}
			for (ServiceProcess service : services) {
				service.awaitHealthy();
				service.startupNanos = System.nanoTime() - starting;
				service.startupCpuNanos = Machine.reportsProcesses() ? service.cpuNanos() : -1;
			}
		}
		catch (IOException | RuntimeException | InterruptedException ex) {
			for (ServiceProcess service : services) {
				service.close();
			}
			throw ex;
		}
		return services;
	}

	private static ServiceProcess launch(BenchmarkSettings settings, Map<String, String> environment, Path log)
			throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(settings.java().toString()));
		command.addAll(settings.serviceJvmArgs());
		command.addAll(List.of("-jar", settings.jar().toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		Map<String, String> env = builder.environment();
		env.keySet().retainAll(INHERITED);
		env.putAll(environment);
		env.putAll(settings.serviceEnv());
		env.put("PORT", Integer.toString(port));
		Files.createDirectories(log.getParent());
		return new ServiceProcess(builder.start(), port, log, settings.java().resolveSibling("jcmd"));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private void awaitHealthy() throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest health = HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(5)).build();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"The service exited with " + this.process.exitValue() + " while starting:\n" + logTail());
			}
			try {
				HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("The service was not up after " + STARTUP + ":\n" + logTail());
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	long pid() {
		return this.process.pid();
	}

	Path log() {
		return this.log;
	}

	/**
	 * How long the process took from its start until {@code /actuator/health} said it was
	 * up.
	 * @return the time in nanoseconds
	 */
	long startupNanos() {
		return this.startupNanos;
	}

	/**
	 * The CPU time the process had used when it was up.
	 * @return the time in nanoseconds, or -1 on a system without {@code /proc} (where
	 * only the build's training run starts a service)
	 */
	long startupCpuNanos() {
		return this.startupCpuNanos;
	}

	/**
	 * The CPU time the process has used so far, user and system, from
	 * {@code /proc/<pid>/stat}.
	 * @return the time in nanoseconds
	 */
	long cpuNanos() throws IOException, InterruptedException {
		return Machine.processCpuNanos(pid(), false);
	}

	/**
	 * The process's resident memory, {@code VmRSS} of {@code /proc/<pid>/status}.
	 * @return the size in bytes
	 */
	long rssBytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
			}
		}
		throw new IllegalStateException("No VmRSS for process " + pid());
	}

	/**
	 * The live objects after a full collection, which {@code GC.class_histogram} forces.
	 * @return the histogram
	 */
	ClassHistogram histogram() throws IOException, InterruptedException {
		Process run = new ProcessBuilder(this.jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
			.redirectErrorStream(true)
			.start();
		String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (run.waitFor() != 0) {
			throw new IllegalStateException("jcmd GC.class_histogram failed: " + output);
		}
		return ClassHistogram.parse(output);
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Ends the process at once with {@code SIGKILL}, as a crash or an out-of-memory kill
	 * would: no shutdown hook runs and nothing is flushed.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	/**
	 * Stops the service as a platform would, then for good if it does not stop in time.
	 */
	@Override
	public void close() throws InterruptedException {
		stop(SHUTDOWN);
	}

	/**
	 * Stops the service as a platform would ({@code SIGTERM}), then for good if it has
	 * not exited within the patience given.
	 * @param patience how long it may take to exit, which includes writing a class-data
	 * archive or AOT cache it was started to write
	 */
	void stop(Duration patience) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
