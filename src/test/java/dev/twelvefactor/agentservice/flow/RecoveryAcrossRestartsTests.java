package dev.twelvefactor.agentservice.flow;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.twelvefactor.agentservice.AgentServiceApplication;
import dev.twelvefactor.agentservice.store.TestPostgres;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadChangedElsewhere;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Work owed survives the process that owed it: a thread left running, or paused on a
 * request stored but not confirmed sent, is taken on at the next start of the file store
 * and by another replica on PostgreSQL; two replicas on one database answer a webhook
 * once, fire a deadline once, and hear of each other's changes; a graceful stop hands its
 * interrupted and queued loops on.
 */
@ExtendWith(OutputCaptureExtension.class)
class RecoveryAcrossRestartsTests {

	private static final String ESCALATIONS = HumanLayerCloud.API + "/agent/function_calls/[^/]+/escalate_email";

	@Test
	void theFileStoreTakesOnTheWorkALostProcessOwedAtItsNextStart(@TempDir Path directory) {
		String[] store = { "--agent.store.type=file", "--agent.store.path=" + directory };
		UUID running;
		UUID unsent;
		String callId = "call-" + UUID.randomUUID().toString().replace("-", "");
		try (ConfigurableApplicationContext lost = start(store)) {
			ThreadStore threads = lost.getBean(ThreadStore.class);
			running = threads.create("can you multiply 3 and 4").id();
			unsent = threads.create("can you divide 3 by 4").id();
			threads.update(unsent, (thread) -> thread.pause(new PendingCall(callId, CallKind.FUNCTION_CALL), List
				.of(Event.toolCall(Map.of("intent", "divide", "a", new BigDecimal("3"), "b", new BigDecimal("4"))))));
		}
		try (ConfigurableApplicationContext next = start(store)) {
			ServiceClient service = client(next);
			assertThat(FlowTests.lines(service.awaitStatus(running.toString(), "awaiting_human_response", 4)))
				.containsExactly("user_input: can you multiply 3 and 4", "tool_call: multiply 3 4", "tool_response: 12",
						"tool_call: done_for_now");
			JsonNode sent = service.awaitStatus(unsent.toString(), "awaiting_approval", 2);
			assertThat(ServiceClient.pendingCallId(sent)).isEqualTo(callId);
			assertThat(service.pending("function_calls").findValuesAsString("call_id")).containsExactly(callId);
			service.approve(callId);
			assertThat(FlowTests.lines(service.awaitStatus(unsent.toString(), "awaiting_human_response", 4)))
				.contains("tool_response: 0.75");
		}
	}

	@Test
	void aGracefulStopHandsItsInterruptedAndQueuedLoopsToTheNextStart(@TempDir Path directory, CapturedOutput output) {
		String[] store = { "--agent.store.type=file", "--agent.store.path=" + directory };
		UUID interrupted;
		UUID queued;
		try (ConfigurableApplicationContext stopping = new SpringApplicationBuilder(AgentServiceApplication.class,
				SlowPlanner.Configuration.class)
			.run(arguments(store, "--agent.loop.executor.max-concurrent=1",
					"--spring.lifecycle.timeout-per-shutdown-phase=300ms"))) {
			ThreadStore threads = stopping.getBean(ThreadStore.class);
			ThreadRunner runner = stopping.getBean(ThreadRunner.class);
			interrupted = threads.create("can you divide 3 by 4").id();
			runner.start(interrupted);
			queued = threads.create("can you multiply 3 and 4").id();
			runner.start(queued);
		}
		assertThat(output).as("nothing wrote to the store after it closed, nor closed it by an interrupt")
			.doesNotContain("has been closed")
			.doesNotContain("ClosedByInterruptException");
		try (ConfigurableApplicationContext next = start(store)) {
			ServiceClient service = client(next);
			assertThat(FlowTests.lines(service.awaitStatus(queued.toString(), "awaiting_human_response", 4)))
				.containsExactly("user_input: can you multiply 3 and 4", "tool_call: multiply 3 4", "tool_response: 12",
						"tool_call: done_for_now");
			assertThat(FlowTests.lines(service.awaitStatus(interrupted.toString(), "awaiting_approval", 2)))
				.containsExactly("user_input: can you divide 3 by 4", "tool_call: divide 3 4");
		}
	}

	@Test
	void twoReplicasOnOnePostgresShareThreadsAnswersDeadlinesAndWorkOwed() throws Exception {
		TestPostgres postgres = TestPostgres.get();
		String[] store = { "--agent.store.type=postgres", "--agent.store.database.url=" + postgres.createDatabase(),
				"--agent.store.database.user=" + postgres.user(), "--agent.store.lease-ttl=1s",
				"--agent.loop.deadlines.question-expire-after=2s", "--agent.loop.deadlines.check-interval=200ms" };
		try (ConfigurableApplicationContext a = start(store); ConfigurableApplicationContext b = start(store)) {
			ServiceClient onA = client(a);
			ServiceClient onB = client(b);

			List<UUID> changedOnB = new CopyOnWriteArrayList<>();
			b.addApplicationListener(ApplicationListener.forPayload((Object payload) -> {
				if (payload instanceof ThreadChangedElsewhere changed) {
					changedOnB.add(changed.threadId());
				}
			}));
			String approval = onA.launch("can you divide 3 by 4");
			await("B hears of a change A made").atMost(Duration.ofSeconds(10))
				.until(() -> changedOnB.contains(UUID.fromString(approval)));
			JsonNode paused = onB.awaitStatus(approval, "awaiting_approval", 2);
			String body = Webhooks.functionCallCompleted(approval, ServiceClient.pendingCallId(paused), true, null);
			CountDownLatch together = new CountDownLatch(1);
			List<CompletableFuture<String>> answers = new ArrayList<>();
			for (ServiceClient replica : List.of(onA, onB)) {
				answers.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(together);
					return replica.webhook(body, Map.of("webhook-id", "msg_both")).body().get("status").asString();
				}));
			}
			together.countDown();
			assertThat(List.of(answers.get(0).get(), answers.get(1).get())).containsExactlyInAnyOrder("applied",
					"duplicate");
			assertThat(FlowTests.lines(onA.awaitStatus(approval, "awaiting_human_response", 4)))
				.contains("tool_response: 0.75");

			String question = onB.launch("can you multiply 3 and fe1iiaff10");
			onA.awaitThread(question, (thread) -> thread.findValuesAsString("channel").contains("deadline")
					&& "awaiting_human_response".equals(thread.get("status").asString()));
			Thread.sleep(1000);
			assertThat(onB.thread(question).findValuesAsString("channel")).as("expired once across both replicas")
				.containsOnlyOnce("deadline");

			ThreadStore threads = a.getBean(ThreadStore.class);
			AgentThread orphan = threads.create("can you multiply 3 and 4");
			JdbcClient.create(a.getBean(DataSource.class))
				.sql("update agent_thread set lease_owner = 'replica-gone', lease_until = current_timestamp"
						+ " - interval '1' second where id = :id")
				.param("id", orphan.id())
				.update();
			assertThat(FlowTests.lines(onB.awaitStatus(orphan.id().toString(), "awaiting_human_response", 4)))
				.containsExactly("user_input: can you multiply 3 and 4", "tool_call: multiply 3 4", "tool_response: 12",
						"tool_call: done_for_now");
		}
	}

	@Test
	void twoReplicasCheckingTheSameDeadlinesEscalateAndExpireEachOnce() throws Exception {
		WireMockServer humanLayer = new WireMockServer(wireMockConfig().dynamicPort());
		humanLayer.start();
		try {
			humanLayer.stubFor(post(urlPathMatching(HumanLayerCloud.API + "/(function_calls|contact_requests)"))
				.willReturn(okJson("{}")));
			humanLayer.stubFor(post(urlPathMatching(ESCALATIONS)).willReturn(okJson("{}")));
			TestPostgres postgres = TestPostgres.get();
			String[] store = { "--agent.store.type=postgres", "--agent.store.database.url=" + postgres.createDatabase(),
					"--agent.store.database.user=" + postgres.user(),
					"--agent.humanlayer.api-base=" + humanLayer.baseUrl() + HumanLayerCloud.API,
					"--agent.humanlayer.api-key=test-key", "--agent.humanlayer.email=ops@example.com",
					"--agent.loop.deadlines.approval-escalate-after=300ms",
					"--agent.loop.deadlines.approval-expire-after=3s", "--agent.loop.deadlines.check-interval=20ms" };
			try (ConfigurableApplicationContext a = start(store); ConfigurableApplicationContext b = start(store)) {
				List<ServiceClient> replicas = List.of(client(a), client(b));
				List<String> threads = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					threads.add(replicas.get(i % 2).launch("can you divide " + (i + 1) + " by 4"));
				}
				for (String thread : threads) {
					replicas.get(0)
						.awaitThread(thread, (t) -> t.findValuesAsString("channel").contains(Respondent.DEADLINE));
				}
				await("each expired once across both replicas, for a second more").during(Duration.ofSeconds(1))
					.atMost(Duration.ofSeconds(10))
					.until(() -> threads.stream()
						.allMatch((thread) -> replicas.get(1)
							.thread(thread)
							.findValuesAsString("channel")
							.stream()
							.filter(Respondent.DEADLINE::equals)
							.count() == 1));
				Map<String, Long> escalations = humanLayer.findAll(postRequestedFor(urlPathMatching(ESCALATIONS)))
					.stream()
					.collect(Collectors.groupingBy(LoggedRequest::getUrl, Collectors.counting()));
				assertThat(escalations).hasSize(threads.size())
					.allSatisfy((url, count) -> assertThat(count).as(url).isOne());
				System.out.printf("RecoveryAcrossRestartsTests: 2 replicas, %d approvals: %d escalations, %d expiries, "
						+ "each once%n", threads.size(), escalations.size(), threads.size());
			}
		}
		finally {
			humanLayer.stop();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ConfigurableApplicationContext start(String... store) {
		return new SpringApplicationBuilder(AgentServiceApplication.class).run(arguments(store));
	}

	private static String[] arguments(String[] store, String... more) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--agent.llm.provider=offline"));
		arguments.addAll(List.of(store));
		arguments.addAll(List.of(more));
		return arguments.toArray(String[]::new);
	}

	private static ServiceClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return new ServiceClient(RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build());
	}

}
