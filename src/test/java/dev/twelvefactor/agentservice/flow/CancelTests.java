package dev.twelvefactor.agentservice.flow;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.planner.RuleBasedPlanner;
import dev.twelvefactor.agentservice.thread.AgentThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /thread/{id}/cancel} over HTTP, in every state a thread can be in: a
 * running, paused or failed thread ends for good and takes nothing more; a finished or
 * cancelled one is refused and stays as it was.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(CancelTests.Configuration.class)
class CancelTests {

	private static final String HELD = "can you multiply 3 and 4, when the test says so";

	private static final String FAILING = "can you add 1 and 2, then fail";

	@Autowired
	private RestTestClient http;

	@Autowired
	private GatedPlanner planner;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		this.service = new ServiceClient(this.http);
	}

	@AfterEach
	void release() {
		this.planner.release();
	}

	@Test
	void aRunningThreadIsCancelledAndItsLoopAsksTheModelNothingMore() {
		String id = this.service.launch(HELD);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.planner.calls(HELD) == 1);

		JsonNode cancelled = cancel(id, Map.of("reason", "asked by mistake", "requested_by", "ops@example.com"))
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		this.planner.release();

		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		assertThat(cancelled.get("cancellation").get("reason").asString()).isEqualTo("asked by mistake");
		assertThat(cancelled.get("cancellation").get("requested_by").asString()).isEqualTo("ops@example.com");
		assertThat(cancelled.get("cancellation").get("at").asString()).isNotBlank();
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.planner.calls(HELD) == 1 && this.service.thread(id).get("events").size() == 1);
		JsonNode thread = this.service.thread(id);
		assertThat(thread.get("status").asString()).isEqualTo("cancelled");
		assertThat(thread.has("waiting_for")).isFalse();
		assertThat(thread.get("cancellation")).isEqualTo(cancelled.get("cancellation"));
	}

	@Test
	void aThreadAwaitingApprovalIsCancelledAndItsCallWithdrawnEverywhere() {
		String id = this.service.launch("can you divide 3 by 4");
		String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_approval", 2));

		JsonNode cancelled = cancel(id, Map.of("reason", "wrong numbers")).expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(cancelled.get("cancellation").get("requested_by").asString()).isEqualTo("api");
		assertThat(this.service.pending("function_calls").findValuesAsString("call_id")).doesNotContain(callId);
		answer(ServiceClient.INBOX + "/agent/function_calls/" + callId + "/respond", Map.of("approved", true))
			.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:call-withdrawn");
		JsonNode withdrawn = read(ServiceClient.INBOX + "/function_calls/" + callId);
		assertThat(withdrawn.get("withdrawn").asString()).contains("cancelled");
		assertThat(withdrawn.get("status").has("approved")).isFalse();
		ServiceClient.Answer late = this.service.webhook(Webhooks.functionCallCompleted(id, callId, true, null));
		late.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:thread-cancelled");
		assertThat(late.body().get("thread_status").asString()).isEqualTo("cancelled");
		answer("/thread/" + id + "/messages", Map.of("message", "use 5")).assertProblem(HttpStatus.CONFLICT,
				"urn:problem-type:thread-cancelled");
		answer("/thread/" + id + "/retry", Map.of()).assertProblem(HttpStatus.CONFLICT,
				"urn:problem-type:thread-cancelled");
		assertUnchanged(id, cancelled);
	}

	@Test
	void aThreadAwaitingAReplyIsCancelledAndItsQuestionWithdrawn() {
		String id = this.service.launch("can you multiply 3 and fe1iiaff10");
		String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_human_response", 2));

		JsonNode cancelled = cancel(id, null).expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		assertThat(cancelled.get("cancellation").has("reason")).isFalse();
		assertThat(this.service.pending("human_contacts").findValuesAsString("call_id")).doesNotContain(callId);
		answer(ServiceClient.INBOX + "/agent/human_contacts/" + callId + "/respond", Map.of("response", "use 12"))
			.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:call-withdrawn");
		this.service.webhook(Webhooks.humanContactCompleted(id, callId, "use 12"))
			.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:thread-cancelled");
		assertUnchanged(id, cancelled);
	}

	@Test
	void aFailedThreadIsCancelledAndCanNoLongerBeRetried() {
		String id = this.service.launch(FAILING);
		this.service.awaitThread(id, (thread) -> thread.get("status").asString().equals("failed"));

		JsonNode cancelled = cancel(id, Map.of("requested_by", "the on-call")).expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		assertThat(cancelled.has("failure")).isFalse();
		answer("/thread/" + id + "/retry", Map.of()).assertProblem(HttpStatus.CONFLICT,
				"urn:problem-type:thread-cancelled");
		assertUnchanged(id, cancelled);
	}

	@Test
	void aFinishedThreadIsNotCancelled() {
		String id = this.service.launch("can you add 3 and 4");
		JsonNode finished = this.service.awaitStatus(id, "awaiting_human_response", 4);
		assertThat(finished.get("events").get(3).get("data").get("intent").asString()).isEqualTo("done_for_now");

		ServiceClient.Answer refused = answer("/thread/" + id + "/cancel", Map.of());

		refused.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:thread-finished");
		assertThat(refused.body().get("thread_status").asString()).isEqualTo("awaiting_human_response");
		assertThat(this.service.thread(id)).isEqualTo(finished);
	}

	@Test
	void aCancelledThreadIsNotCancelledAgain() {
		String id = this.service.launch("can you divide 3 by 4");
		this.service.awaitStatus(id, "awaiting_approval", 2);
		JsonNode cancelled = cancel(id, Map.of("reason", "first")).expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		answer("/thread/" + id + "/cancel", Map.of("reason", "second")).assertProblem(HttpStatus.CONFLICT,
				"urn:problem-type:thread-cancelled");

		assertUnchanged(id, cancelled);
	}

	@Test
	void aCancelWithTooLongAReasonOrRequesterIsRefusedAndChangesNothing() {
		String id = this.service.launch("can you divide 3 by 4");
		JsonNode paused = this.service.awaitStatus(id, "awaiting_approval", 2);

		answer("/thread/" + id + "/cancel", Map.of("reason", "x".repeat(40_000))).assertProblem(HttpStatus.BAD_REQUEST,
				"urn:problem-type:invalid-request");
		answer("/thread/" + id + "/cancel", Map.of("requested_by", "y".repeat(201)))
			.assertProblem(HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-request");
		answer("/thread/" + UUID.randomUUID() + "/cancel", Map.of()).assertProblem(HttpStatus.NOT_FOUND,
				"urn:problem-type:thread-not-found");

		assertThat(this.service.thread(id)).isEqualTo(paused);
	}

	private void assertUnchanged(String id, JsonNode cancelled) {
		JsonNode thread = this.service.thread(id);
		assertThat(thread.get("status").asString()).isEqualTo("cancelled");
		assertThat(thread.get("events")).isEqualTo(cancelled.get("events"));
		assertThat(thread.get("cancellation")).isEqualTo(cancelled.get("cancellation"));
	}

	private RestTestClient.ResponseSpec cancel(String id, Map<String, String> body) {
		RestTestClient.RequestBodySpec request = this.http.post().uri("/thread/{id}/cancel", id);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange();
	}

	private ServiceClient.Answer answer(String path, Map<String, Object> body) {
		EntityExchangeResult<JsonNode> result = this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult();
		return new ServiceClient.Answer(HttpStatus.valueOf(result.getStatus().value()), result.getResponseBody(),
				result.getResponseHeaders().getContentType());
	}

	private JsonNode read(String path) {
		return this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * The offline planner, except for two messages: the one it holds until the test
	 * releases it, counting how often it was asked, and the one it fails on.
	 */
	static class GatedPlanner implements Planner {

		private final Planner planner = new RuleBasedPlanner();

		private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		private volatile CountDownLatch gate = new CountDownLatch(1);

		int calls(String message) {
			return this.calls.computeIfAbsent(message, (key) -> new AtomicInteger()).get();
		}

		void release() {
			CountDownLatch released = this.gate;
			this.gate = new CountDownLatch(1);
			released.countDown();
		}

		@Override
		public NextStep nextStep(AgentThread thread) {
			Object message = thread.events().get(0).data();
			this.calls.computeIfAbsent(String.valueOf(message), (key) -> new AtomicInteger()).incrementAndGet();
			if (FAILING.equals(message)) {
				throw new IllegalStateException("the model is down");
			}
			if (HELD.equals(message)) {
				CountDownLatch held = this.gate;
				try {
					held.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while planning", ex);
				}
			}
			return this.planner.nextStep(thread);
		}

		@Override
		public String describe() {
			return "gated planner";
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		@Primary
		GatedPlanner gatedPlanner() {
			return new GatedPlanner();
		}

	}

}
