package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the figures were measured on, since they mean little without it: the JDK that ran
 * the service, the processors, the memory and the commit.
 */
final class Machine {

	private static final Pattern SPECIFICATION = Pattern.compile("java\\.specification\\.version = (\\S+)");

	private static volatile long clockTicks;

	private Machine() {
	}

	/**
	 * The machine and the service's JDK.
	 * @param java the java that runs the service
	 * @return a description for the report
	 */
	static Map<String, Object> describe(Path java) throws IOException, InterruptedException {
		String settings = run(java.toString(), "-XshowSettings:properties", "-version");
		Matcher specification = SPECIFICATION.matcher(settings);
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("java_major", specification.find() ? specification.group(1) : "unknown");
		machine.put("jdk", run(java.toString(), "-version").strip().replace("\n", " | "));
		machine.put("java", java.toString());
		machine.put("nproc", run("nproc").strip());
		machine.put("cpu", field(Path.of("/proc/cpuinfo"), "model name"));
		long memoryKb = Long.parseLong(field(Path.of("/proc/meminfo"), "MemTotal").replaceAll("\\D", ""));
		machine.put("memory", String.format(Locale.ROOT, "%.1f GiB", memoryKb / 1024.0 / 1024.0));
		machine.put("commit", run("git", "rev-parse", "--short", "HEAD").strip());
		return machine;
	}

	/**
	 * Whether this system reports its processes in {@code /proc}, where the CPU times of
	 * the service and the database come from: Linux does, macOS does not.
	 * @return whether it does
	 */
	static boolean reportsProcesses() {
		return Files.isDirectory(Path.of("/proc", "self"));
	}

	/**
	 * The kernel's clock ticks per second, the unit of CPU times in {@code /proc}.
	 * @return the ticks, usually 100
	 */
	static long clockTicks() throws IOException, InterruptedException {
		if (clockTicks == 0) {
			clockTicks = Long.parseLong(run("getconf", "CLK_TCK").strip());
		}
		return clockTicks;
	}

	/**
	 * The CPU time this JVM, the benchmark's, has used so far: the stubs and the load
	 * client, which share the machine's cores with the service.
	 * @return user and system time in nanoseconds
	 */
	static long benchmarkCpuNanos() throws IOException, InterruptedException {
		return processCpuNanos(ProcessHandle.current().pid(), false);
	}

	/**
	 * The CPU time a process has used so far, from {@code /proc/<pid>/stat}.
	 * @param pid the process
	 * @param withChildren whether to add the time of its children that ended and were
	 * waited for (a database server's finished backends)
	 * @return user and system time in nanoseconds
	 */
	static long processCpuNanos(long pid, boolean withChildren) throws IOException, InterruptedException {
		String[] fields = statFields(pid);
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		if (withChildren) {
			ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
		}
		return ticks * 1_000_000_000L / clockTicks();
	}

	/**
	 * The fields of {@code /proc/<pid>/stat} after the command's name, from the state
	 * (field 3) on: utime is index 11, stime 12, cutime 13, cstime 14, the parent's pid
	 * 1.
	 * @param pid the process
	 * @return the fields
	 */
	static String[] statFields(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
	}

	/**
	 * The machine's busy and total CPU time so far, over all cores, from the first line
	 * of {@code /proc/stat}, so a run can say how much of the machine was in use, by
	 * anyone.
	 * @return busy and total, in clock ticks
	 */
	static long[] cpuTicks() throws IOException {
		String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
		long total = 0;
		for (int i = 1; i < fields.length && i <= 8; i++) {
			total += Long.parseLong(fields[i]);
		}
		long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
		return new long[] { total - idle, total };
	}

	/**
	 * The load average of the last minute, {@code /proc/loadavg}.
	 * @return the load
	 */
	static double loadAverage() throws IOException {
		return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
	}

	private static String field(Path file, String name) throws IOException {
		List<String> lines = Files.readAllLines(file);
		return lines.stream()
			.filter((line) -> line.startsWith(name))
			.map((line) -> line.substring(line.indexOf(':') + 1).strip())
			.findFirst()
			.orElse("unknown");
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return output;
	}

}
