package dev.twelvefactor.agentservice.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.store.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service jars on one PostgreSQL database, as a team runs several replicas: threads
 * launched on either are read on both, every answer delivered to both at once is applied
 * once, and when one replica is killed with {@code SIGKILL} mid-loop the other finishes
 * its loops, with each {@code call_id} sent to HumanLayer once.
 */
class ReplicasIT {

	private static final String SECRET = "whsec_cmVwbGljYXMtaXQtc2VjcmV0LTAxMjM0NTY3ODk=";

	private final ThreadsClient client = new ThreadsClient();

	@Test
	void twoReplicasShareTheWorkAndOneFinishesWhatTheKilledOneLeft() throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.smoke();
		Path logs = settings.output().resolveSibling("replicas");
		TestPostgres postgres = TestPostgres.get();
		try (StubModel model = new StubModel(Duration.ofMillis(20));
				StubHumanLayer humans = new StubHumanLayer(SECRET, false)) {
			Map<String, String> env = ThreadsClient.environment(model, humans, SECRET);
			env.put("AGENT_STORE", "postgres");
			env.put("AGENT_DATABASE_URL", postgres.createDatabase());
			env.put("AGENT_DATABASE_USER", postgres.user());
			// B takes on A's work once A's leases run out: sooner than the default
			// 30 s, with room for a loaded machine's pauses
			env.put("AGENT_STORE_LEASE_TTL", "10s");

			List<ServiceProcess> replicas = ServiceProcess.start(settings, env,
					List.of(logs.resolve("replica-a.log"), logs.resolve("replica-b.log")));
			ServiceProcess a = replicas.get(0);
			List<String> running = new ArrayList<>();
			try (ServiceProcess b = replicas.get(1)) {
				try {
					humans.deliverTo(List.of(a.uri("/webhook"), b.uri("/webhook")));
					List<String> threads = new ArrayList<>();
					for (int i = 0; i < 100; i++) {
						threads.add(this.client.launch((i % 2 == 0) ? a : b, "can you divide " + (i + 1) + " by 4"));
						threads.add(this.client.launch((i % 2 == 0) ? b : a, "can you multiply " + (i + 1) + " and 3"));
					}
					Map<String, JsonNode> paused = this.client.await(b, threads, ThreadsClient::pausedAndSent);
					for (String id : threads) {
						assertThat(this.client.thread(a, id)).isEqualTo(paused.get(id));
					}

					// only the calls the threads paused on: an approved
					// thread soon asks again, unanswered here
					Map<String, ObjectNode> approvals = humans.open(true);
					Map<String, ObjectNode> questions = humans.open(false);
					assertThat(approvals.size() + questions.size()).isEqualTo(threads.size());
					approvals.keySet().forEach(humans::approve);
					questions.keySet().forEach((callId) -> humans.respond(callId, "thanks, that is all"));
					this.client.await(a, threads, (thread) -> ThreadsClient.pausedAndSent(thread) && !thread
						.path("waiting_for")
						.path("call_id")
						.equals(paused.get(thread.path("thread_id").asString()).path("waiting_for").path("call_id")));
					ThreadsClient.awaitCondition(() -> humans.webhooksApplied() + humans.errors().size() == 200,
							() -> "200 answers delivered (" + humans.webhooksSent() + " sent, "
									+ humans.webhooksApplied() + " applied once and found duplicate once, errors: "
									+ humans.errors() + ")");
					assertThat(humans.errors()).isEmpty();

					model.latency(Duration.ofMinutes(5));
					long calls = model.calls();
					for (int i = 0; i < 50; i++) {
						running.add(this.client.launch(a, "can you add " + i + " and 7"));
					}
					ThreadsClient.awaitCondition(() -> model.calls() >= calls + running.size(),
							"the running loops' model calls");
				}
				finally {
					a.kill();
				}
				model.latency(Duration.ofMillis(20));
				Map<String, JsonNode> finished = this.client.await(b, running, ThreadsClient::pausedAndSent);
				assertThat(finished.values()).allSatisfy((thread) -> assertThat(thread.path("events")).hasSize(4));
			}
			assertThat(humans.errors()).isEmpty();
			assertThat(model.errors()).isZero();
			assertThat(humans.creations()).hasSize(450)
				.allSatisfy((callId, count) -> assertThat(count).as(callId).isEqualTo(1));
			System.out.printf("ReplicasIT: 250 threads on 2 replicas, 200 answers each delivered to both "
					+ "(200 applied, 200 duplicates), 1 kill -9 with %d loops running, %d calls created once each%n",
					running.size(), humans.creations().size());
		}
	}

}
