package dev.twelvefactor.agentservice.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/**
 * A throwaway PostgreSQL server for the tests: Debian's own (the {@code postgresql}
 * package; {@code .ci/run} installs it when missing), a cluster in a temporary directory
 * on a free port, started once per test JVM and stopped when it exits. As root, the
 * server runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 * Without PostgreSQL the tests that need it fail; they never skip.
 */
public final class TestPostgres {

	private static final String USER = "postgres";

	private static TestPostgres started;

	private final int port;

	private final Path data;

	private final AtomicInteger databases = new AtomicInteger();

	private TestPostgres(int port, Path data) {
		this.port = port;
		this.data = data;
	}

	/**
	 * The server of this JVM, started on first use.
	 * @return the running server
	 */
	public static synchronized TestPostgres get() {
		if (started == null) {
			started = start();
		}
		return started;
	}

	/**
	 * Creates an empty database.
	 * @return its JDBC URL; connect as {@link #user()} without a password
	 */
	public String createDatabase() {
		String name = "agent_" + this.databases.incrementAndGet();
		try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		return url(name);
	}

	public String user() {
		return USER;
	}

	/**
	 * The CPU time the server has used so far: the postmaster, its backends that ended,
	 * and those still running, as {@code /proc} counts them.
	 * @param clockTicks the kernel's clock ticks per second
	 * @return user and system time in nanoseconds
	 */
	public long cpuNanos(long clockTicks) {
		try {
			String postmaster = Files.readAllLines(this.data.resolve("postmaster.pid")).get(0).strip();
			String[] server = statFields(postmaster);
			long ticks = Long.parseLong(server[11]) + Long.parseLong(server[12]) + Long.parseLong(server[13])
					+ Long.parseLong(server[14]);
			try (Stream<Path> processes = Files.list(Paths.get("/proc"))) {
				for (Path process : processes.map(Path::getFileName).toList()) {
					String[] fields = process.toString().chars().allMatch(Character::isDigit)
							? statFields(process.toString()) : null;
					if (fields != null && fields.length > 12 && postmaster.equals(fields[1])) {
						ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					}
				}
			}
			return ticks * 1_000_000_000L / clockTicks;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The fields of {@code /proc/<pid>/stat} from the state on (the parent's pid is index
	 * 1, utime 11), or none for a process that ended meanwhile.
	 */
	private static String[] statFields(String pid) {
		try {
			String stat = Files.readString(Paths.get("/proc", pid, "stat"));
			return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		}
		catch (IOException ex) {
			return new String[0];
		}
	}

	private String url(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	private static TestPostgres start() {
		Path bin = binaries();
		try {
			Path directory = Files.createTempDirectory("agent-postgres-");
			List<String> asUser = new ArrayList<>();
			if ("root".equals(System.getProperty("user.name"))) {
				run(List.of("chown", USER + ":" + USER, directory.toString()));
				asUser.addAll(List.of("runuser", "-u", USER, "--"));
			}
			int port = freePort();
			Path data = directory.resolve("data");
			run(concat(asUser, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust", "-E",
					"UTF8", "--locale=C.UTF-8", "--no-sync"));
			List<String> pgCtl = concat(asUser, bin.resolve("pg_ctl").toString(), "-D", data.toString());
			run(concat(pgCtl, "-l", directory.resolve("log").toString(), "-w", "-t", "30", "-o",
					"-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off"
							+ " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
					"start"));
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					run(concat(pgCtl, "-m", "immediate", "stop"));
				}
				finally {
					FileSystemUtils.deleteRecursively(directory.toFile());
				}
			}));
			return new TestPostgres(port, data);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The newest installed PostgreSQL's programs.
	 */
	private static Path binaries() {
		Path versions = Paths.get("/usr/lib/postgresql");
		if (Files.isDirectory(versions)) {
			try (Stream<Path> installed = Files.list(versions)) {
				Path newest = installed.map((version) -> version.resolve("bin"))
					.filter((candidate) -> Files.isExecutable(candidate.resolve("initdb")))
					.max(Comparator.comparing((candidate) -> candidate.getParent().getFileName().toString(),
							Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())))
					.orElse(null);
				if (newest != null) {
					return newest;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		throw new IllegalStateException("These tests need PostgreSQL's server programs in /usr/lib/postgresql/*/bin "
				+ "(Debian: apt-get install postgresql; .ci/run installs it).");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("Failed: " + String.join(" ", command) + "\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> concat(List<String> first, String... rest) {
		List<String> all = new ArrayList<>(first);
		all.addAll(List.of(rest));
		return all;
	}

}
