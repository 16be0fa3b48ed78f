package dev.twelvefactor.agentservice.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data archive the build trains is one the documented command can use:
 * {@code java -XX:SharedArchiveFile=target/app/agent-service.jsa -jar target/app/...} (on
 * Java 25 the AOT cache) starts the service, with the JVM told to fail rather than start
 * without it (docs/benchmarks.md, "Start-up").
 */
class ClassDataArchiveIT {

	private static final Path APP = Path.of("target", "app");

	@Test
	void theServiceStartsFromTheArchiveTheBuildTrained() throws Exception {
		boolean aotCache = Runtime.version().feature() >= 25;
		Path archive = APP.resolve(aotCache ? "agent-service.aot" : "agent-service.jsa").toAbsolutePath();
		List<String> options = aotCache ? List.of("-XX:AOTCache=" + archive, "-XX:AOTMode=on")
				: List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on");
		BenchmarkSettings settings = BenchmarkSettings.smoke().withJar(extractedJar(), options);
		assertThat(archive).exists();

		try (ServiceProcess service = ServiceProcess.start(settings, Map.of(),
				settings.output().resolveSibling("class-data").resolve("service.log"))) {
			assertThat(service.logTail()).doesNotContain("Unable to use shared archive");
		}
	}

	private static Path extractedJar() throws Exception {
		try (var jars = Files.newDirectoryStream(APP, "agent-service-*.jar")) {
			return jars.iterator().next();
		}
	}

}
