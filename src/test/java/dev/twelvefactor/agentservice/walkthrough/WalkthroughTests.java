package dev.twelvefactor.agentservice.walkthrough;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the walkthrough's scripts in order against the started app, as a reader would, and
 * checks what each prints, so the walkthrough cannot drift from the code.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient // unused here; it keys this class to the context the flow
								// tests share
class WalkthroughTests {

	private static final Path WALKTHROUGH = Path.of("walkthrough");

	/** Each step, and lines (or parts of lines) its output must have. */
	private static final Map<String, List<String>> STEPS = new LinkedHashMap<>();

	static {
		STEPS.put("00-health.sh", List.of("\"status\":\"UP\""));
		STEPS.put("01-launch.sh", List.of("\"status\":\"processing\"}", "HTTP 202"));
		STEPS.put("02-poll.sh",
				List.of("status: awaiting_human_response", "waiting for: human_call-",
						"{\"type\":\"user_input\",\"data\":\"can you multiply 3 and fe1iiaff10\"}",
						"{\"type\":\"tool_call\",\"data\":{\"intent\":\"request_more_information\",\"message\":"));
		STEPS.put("03-inbox.sh", List.of("\"spec\":{\"msg\":", "the thread waits for: human_call-"));
		STEPS.put("04-webhook.sh", List.of("{\"type\": \"human_contact.completed\", \"is_test\": false,",
				"{\"status\":\"applied\",", "HTTP 200", "{\"status\":\"duplicate\",",
				"{\"type\":\"human_response\",\"data\":\"lets try 12 instead\"",
				"{\"type\":\"tool_call\",\"data\":{\"intent\":\"multiply\",\"a\":3,\"b\":12},\"approval\":{\"decision\":\"not_required\",\"when\":\"never\"}}",
				"{\"type\":\"tool_response\",\"data\":36}",
				"{\"type\":\"tool_call\",\"data\":{\"intent\":\"done_for_now\""));
		STEPS.put("05-divide.sh", List.of("HTTP 202", "status: awaiting_approval", "waiting for: call-",
				"{\"type\":\"tool_call\",\"data\":{\"intent\":\"divide\",\"a\":3,\"b\":4},\"approval\":{\"decision\":\"required\",\"rule\":\"divide\",\"when\":\"always\"}}",
				"\"spec\":{\"fn\":\"divide\",\"kwargs\":{\"a\":3,\"b\":4}"));
		STEPS.put("06-reject.sh", List.of("\"approved\":false,\"comment\":\"use 5 instead of 4\"", "HTTP 200",
				"status: awaiting_approval",
				"{\"type\":\"tool_response\",\"data\":\"user denied the operation with feedback: \\\"use 5 instead of 4\\\"\"",
				"{\"type\":\"tool_call\",\"data\":{\"intent\":\"divide\",\"a\":3,\"b\":5},\"approval\":{\"decision\":\"required\",\"rule\":\"divide\",\"when\":\"always\"}}"));
		STEPS.put("07-approve.sh",
				List.of("\"approved\":true", "HTTP 200", "status: awaiting_human_response",
						"{\"type\":\"tool_response\",\"data\":0.6,",
						"{\"type\":\"tool_call\",\"data\":{\"intent\":\"done_for_now\",\"message\":\"3 / 5 = 0.6."));
		STEPS.put("08-reply.sh", List.of("\"response\":\"now add 5 to that\"", "HTTP 200",
				"status: awaiting_human_response", "{\"type\":\"human_response\",\"data\":\"now add 5 to that\"",
				"{\"type\":\"tool_call\",\"data\":{\"intent\":\"add\",\"a\":0.6,\"b\":5},\"approval\":{\"decision\":\"not_required\",\"when\":\"never\"}}",
				"{\"type\":\"tool_response\",\"data\":5.6}"));
	}

	@LocalServerPort
	private int port;

	@TempDir
	private Path state;

	@Test
	void theWalkthroughsStepsRunInOrderAndPrintWhatTheTextPromises() throws Exception {
		for (Map.Entry<String, List<String>> step : STEPS.entrySet()) {
			String output = run(step.getKey());
			for (String expected : step.getValue()) {
				assertThat(output).as(step.getKey() + " printed").contains(expected);
			}
		}
	}

	@Test
	void everyScriptIsAStepOfThisTestAndOfTheText() throws IOException {
		String text = Files.readString(WALKTHROUGH.resolve("README.md"));
		try (Stream<Path> files = Files.list(WALKTHROUGH)) {
			List<String> scripts = files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.matches("\\d\\d-.*\\.sh"))
				.sorted()
				.toList();
			assertThat(scripts).containsExactlyElementsOf(STEPS.keySet());
			for (String script : scripts) {
				assertThat(text).as("walkthrough/README.md").contains("walkthrough/" + script);
			}
		}
	}

	private String run(String script) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("bash", WALKTHROUGH.resolve(script).toString())
			.redirectErrorStream(true);
		builder.environment().put("BASE", "http://localhost:" + this.port);
		builder.environment().put("STATE_DIR", this.state.toString());
		builder.environment().remove("AGENT_API_TOKEN");
		Process process = builder.start();
		boolean finished = process.waitFor(60, TimeUnit.SECONDS);
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!finished) {
			process.destroyForcibly();
		}
		assertThat(finished).as(script + " finished within 60 s; it printed:%n%s", output).isTrue();
		assertThat(process.exitValue()).as(script + " exit code; it printed:%n%s", output).isZero();
		return output;
	}

}
