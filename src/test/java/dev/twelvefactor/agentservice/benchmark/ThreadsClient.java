package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Launches and reads threads of service processes over HTTP, and waits for them, for the
 * tests that kill and restart those processes.
 */
final class ThreadsClient {

	private static final Duration SETTLE = Duration.ofSeconds(90);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The environment of a service that uses the stub model and the stub HumanLayer.
	 * @param secret the webhook secret both share
	 * @return the variables, in a map the caller may add to
	 */
	static Map<String, String> environment(StubModel model, StubHumanLayer humans, String secret) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("AGENT_LLM_PROVIDER", "openai");
		env.put("OPENAI_API_KEY", "stub");
		env.put("OPENAI_BASE_URL", model.baseUrl());
		env.put("HUMANLAYER_API_KEY", StubHumanLayer.API_KEY);
		env.put("HUMANLAYER_API_BASE", humans.apiBase());
		env.put("HUMANLAYER_EMAIL", "humans@example.com");
		env.put("HUMANLAYER_WEBHOOK_SECRET", secret);
		env.put("LOGGING_LEVEL_ROOT", "WARN");
		return env;
	}

	String launch(ServiceProcess service, String message) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(service.uri("/thread"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(Map.of("message", message))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return this.json.readTree(response.body()).path("thread_id").asString();
	}

	JsonNode thread(ServiceProcess service, String id) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(service.uri("/thread/" + id)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(id + ": " + response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	/**
	 * Waits until every thread passes the check, for a minute and a half at most.
	 * @return the threads as they were when they passed, by id
	 */
	Map<String, JsonNode> await(ServiceProcess service, List<String> ids, Predicate<JsonNode> done)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + SETTLE.toNanos();
		Map<String, JsonNode> threads = new LinkedHashMap<>();
		while (true) {
			for (String id : ids) {
				if (!threads.containsKey(id)) {
					JsonNode thread = thread(service, id);
					if (done.test(thread)) {
						threads.put(id, thread);
					}
				}
			}
			if (threads.size() == ids.size()) {
				return threads;
			}
			if (System.nanoTime() > deadline) {
				List<String> left = ids.stream().filter((id) -> !threads.containsKey(id)).toList();
				throw new AssertionError(left.size() + " of " + ids.size() + " threads did not get there in " + SETTLE
						+ ", the first: " + thread(service, left.get(0)) + "\n" + service.logTail());
			}
			Thread.sleep(100);
		}
	}

	static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
		awaitCondition(condition, () -> what);
	}

	static void awaitCondition(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
		long deadline = System.nanoTime() + SETTLE.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("No " + what.get() + " in " + SETTLE);
			}
			Thread.sleep(20);
		}
	}

	/** Paused, and its request has reached HumanLayer. */
	static boolean pausedAndSent(JsonNode thread) {
		return thread.path("status").asString().startsWith("awaiting_")
				&& thread.path("waiting_for").hasNonNull("sent_at");
	}

}
