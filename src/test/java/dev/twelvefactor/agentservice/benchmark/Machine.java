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
	 * The kernel's clock ticks per second, the unit of CPU times in {@code /proc}.
	 * @return the ticks, usually 100
	 */
	static long clockTicks() throws IOException, InterruptedException {
		return Long.parseLong(run("getconf", "CLK_TCK").strip());
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
