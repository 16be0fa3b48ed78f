package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as a user runs it with {@code AGENT_STORE=file}, killed with
 * {@code SIGKILL} while loops run, and started again on the same directory: every thread
 * is there with every event, the loops that ran finish, the paused threads take their
 * answers, and HumanLayer was asked for each {@code call_id} once.
 */
class RestartIT {

	private static final String SECRET = "whsec_cmVzdGFydC1pdC1zZWNyZXQtMDEyMzQ1Njc4OQ==";

	private static final Duration SETTLE = Duration.ofSeconds(90);

	private static final Set<String> PAUSED = Set.of("awaiting_approval", "awaiting_human_response");

	/** A divide by this number is one HumanLayer refuses, so its thread fails. */
	private static final int REFUSED = 13;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	private Path data;

	@Test
	void aServiceKilledMidLoopLosesNoThreadAndSendsEachCallOnce() throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.smoke();
		Path logs = settings.output().resolveSibling("restart");
		try (StubModel model = new StubModel(Duration.ofMillis(20));
				StubHumanLayer humans = new StubHumanLayer(SECRET, false)) {
			humans.refuse((call) -> call.path("spec").path("kwargs").path("b").asInt() == REFUSED);
			Map<String, String> env = environment(model, humans);

			ServiceProcess first = ServiceProcess.start(settings, env, logs.resolve("service-before-kill.log"));
			Map<String, JsonNode> before;
			List<String> running = new ArrayList<>();
			try {
				humans.deliverTo(first.uri("/webhook"));
				List<String> settled = new ArrayList<>();
				for (int i = 0; i < 40; i++) {
					settled.add(launch(first, "can you divide " + (i + 1) + " by 4"));
					settled.add(launch(first, "can you multiply " + (i + 1) + " and 3"));
					settled.add(launch(first, StubModel.ASK + " something about " + i));
				}
				for (int i = 0; i < 30; i++) {
					settled.add(launch(first, "can you divide " + (i + 1) + " by " + REFUSED));
				}
				before = await(first, settled, RestartIT::settled);
				assertThat(before.values()).extracting((thread) -> thread.path("status").asString())
					.containsOnly("awaiting_approval", "awaiting_human_response", "failed");

				model.latency(Duration.ofMinutes(5));
				long calls = model.calls();
				for (int i = 0; i < 50; i++) {
					running.add(launch(first, "can you add " + i + " and 7"));
				}
				awaitCondition(() -> model.calls() >= calls + running.size(), "the running loops' model calls");
				for (String id : running) {
					assertThat(thread(first, id).path("status").asString()).isEqualTo("running");
				}
			}
			finally {
				first.kill();
			}

			model.latency(Duration.ofMillis(20));
			try (ServiceProcess second = ServiceProcess.start(settings, env, logs.resolve("service-after-kill.log"))) {
				humans.deliverTo(second.uri("/webhook"));
				for (Map.Entry<String, JsonNode> thread : before.entrySet()) {
					assertThat(thread(second, thread.getKey())).as(thread.getKey()).isEqualTo(thread.getValue());
				}
				Map<String, JsonNode> finished = await(second, running, RestartIT::pausedAndSent);
				assertThat(finished.values()).allSatisfy((thread) -> {
					assertThat(thread.path("status").asString()).isEqualTo("awaiting_human_response");
					assertThat(thread.path("events")).hasSize(4);
				});

				Map<String, String> waitingFor = new LinkedHashMap<>();
				before.forEach((id, thread) -> {
					if (PAUSED.contains(thread.path("status").asString())) {
						waitingFor.put(id, thread.path("waiting_for").path("call_id").asString());
					}
				});
				humans.open(true).keySet().forEach(humans::approve);
				for (String callId : humans.open(false).keySet()) {
					humans.respond(callId, "thanks, that is all");
				}
				Map<String, JsonNode> answered = await(second, List.copyOf(waitingFor.keySet()),
						(thread) -> pausedAndSent(thread) && !waitingFor.get(thread.path("thread_id").asString())
							.equals(thread.path("waiting_for").path("call_id").asString()));
				answered.forEach((id, thread) -> assertThat(thread.path("events").size()).as(id)
					.isGreaterThan(before.get(id).path("events").size()));
			}
			assertThat(humans.errors()).isEmpty();
			assertThat(model.errors()).isZero();
			assertThat(humans.creations()).isNotEmpty()
				.allSatisfy((callId, count) -> assertThat(count).as(callId).isEqualTo(1));
			System.out.printf(
					"RestartIT: %d threads, 1 kill -9 with %d loops running, %d calls created, "
							+ "the most creations of one call_id: %d%n",
					before.size() + running.size(), running.size(), humans.creations().size(),
					humans.creations().values().stream().mapToInt(Integer::intValue).max().orElse(0));
		}
	}

	private Map<String, String> environment(StubModel model, StubHumanLayer humans) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("AGENT_LLM_PROVIDER", "openai");
		env.put("OPENAI_API_KEY", "restart");
		env.put("OPENAI_BASE_URL", model.baseUrl());
		env.put("HUMANLAYER_API_KEY", StubHumanLayer.API_KEY);
		env.put("HUMANLAYER_API_BASE", humans.apiBase());
		env.put("HUMANLAYER_EMAIL", "restart@example.com");
		env.put("HUMANLAYER_WEBHOOK_SECRET", SECRET);
		env.put("AGENT_HTTP_MAX_RETRIES", "1");
		env.put("AGENT_HTTP_INITIAL_BACKOFF", "10ms");
		env.put("LOGGING_LEVEL_ROOT", "WARN");
		env.put("AGENT_STORE", "file");
		env.put("AGENT_STORE_PATH", this.data.toString());
		return env;
	}

	private String launch(ServiceProcess service, String message) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(service.uri("/thread"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(Map.of("message", message))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return this.json.readTree(response.body()).path("thread_id").asString();
	}

	private JsonNode thread(ServiceProcess service, String id) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(service.uri("/thread/" + id)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(id + ": " + response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	/**
	 * Waits until every thread passes the check.
	 * @return the threads as they were when they passed, by id
	 */
	private Map<String, JsonNode> await(ServiceProcess service, List<String> ids, Predicate<JsonNode> done)
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

	private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + SETTLE.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("No " + what + " in " + SETTLE);
			}
			Thread.sleep(20);
		}
	}

	private static boolean settled(JsonNode thread) {
		return "failed".equals(thread.path("status").asString()) || pausedAndSent(thread);
	}

	/** Paused, and its request has reached HumanLayer. */
	private static boolean pausedAndSent(JsonNode thread) {
		return PAUSED.contains(thread.path("status").asString()) && thread.path("waiting_for").hasNonNull("sent_at");
	}

}
