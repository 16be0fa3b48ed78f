package dev.twelvefactor.agentservice.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as a user runs it with {@code AGENT_STORE=file}, killed with
 * {@code SIGKILL} while loops run, and started again on the same directory: every thread
 * is there with every event, the loops that ran finish, the paused threads take their
 * answers, and HumanLayer was asked for each {@code call_id} once.
 */
class RestartIT {

	private static final String SECRET = "whsec_cmVzdGFydC1pdC1zZWNyZXQtMDEyMzQ1Njc4OQ==";

	private static final Set<String> PAUSED = Set.of("awaiting_approval", "awaiting_human_response");

	/** A divide by this number is one HumanLayer refuses, so its thread fails. */
	private static final int REFUSED = 13;

	private final ThreadsClient client = new ThreadsClient();

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
					settled.add(this.client.launch(first, "can you divide " + (i + 1) + " by 4"));
					settled.add(this.client.launch(first, "can you multiply " + (i + 1) + " and 3"));
					settled.add(this.client.launch(first, StubModel.ASK + " something about " + i));
				}
				for (int i = 0; i < 30; i++) {
					settled.add(this.client.launch(first, "can you divide " + (i + 1) + " by " + REFUSED));
				}
				before = this.client.await(first, settled, RestartIT::settled);
				assertThat(before.values()).extracting((thread) -> thread.path("status").asString())
					.containsOnly("awaiting_approval", "awaiting_human_response", "failed");

				model.latency(Duration.ofMinutes(5));
				long calls = model.calls();
				for (int i = 0; i < 50; i++) {
					running.add(this.client.launch(first, "can you add " + i + " and 7"));
				}
				ThreadsClient.awaitCondition(() -> model.calls() >= calls + running.size(),
						"the running loops' model calls");
				for (String id : running) {
					assertThat(this.client.thread(first, id).path("status").asString()).isEqualTo("running");
				}
			}
			finally {
				first.kill();
			}

			model.latency(Duration.ofMillis(20));
			try (ServiceProcess second = ServiceProcess.start(settings, env, logs.resolve("service-after-kill.log"))) {
				humans.deliverTo(second.uri("/webhook"));
				for (Map.Entry<String, JsonNode> thread : before.entrySet()) {
					assertThat(this.client.thread(second, thread.getKey())).as(thread.getKey())
						.isEqualTo(thread.getValue());
				}
				Map<String, JsonNode> finished = this.client.await(second, running, ThreadsClient::pausedAndSent);
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
				Map<String, JsonNode> answered = this.client.await(second, List.copyOf(waitingFor.keySet()),
						(thread) -> ThreadsClient.pausedAndSent(thread)
								&& !waitingFor.get(thread.path("thread_id").asString())
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
		Map<String, String> env = ThreadsClient.environment(model, humans, SECRET);
		env.put("AGENT_HTTP_MAX_RETRIES", "1");
		env.put("AGENT_HTTP_INITIAL_BACKOFF", "10ms");
		env.put("AGENT_STORE", "file");
		env.put("AGENT_STORE_PATH", this.data.toString());
		return env;
	}

	private static boolean settled(JsonNode thread) {
		return "failed".equals(thread.path("status").asString()) || ThreadsClient.pausedAndSent(thread);
	}

}
