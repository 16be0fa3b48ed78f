package dev.twelvefactor.agentservice.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code POST /webhook} matches a delivery to its thread and call, and what it
 * refuses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class WebhookTests {

	@Autowired
	private RestTestClient http;

	@Autowired
	private ThreadStore threads;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		this.service = new ServiceClient(this.http);
	}

	@Test
	void aTestDeliveryIsAcknowledgedAndChangesNothing() {
		JsonNode paused = pausedOnQuestion();
		String id = paused.get("thread_id").asString();
		String body = Webhooks.humanContactCompleted(id, ServiceClient.pendingCallId(paused), "use 8")
			.replace("\"is_test\":false", "\"is_test\":true");

		ServiceClient.Answer answer = this.service.webhook(body);

		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.body().get("status").asString()).isEqualTo("ignored");
		assertThat(this.service.thread(id)).isEqualTo(paused);
	}

	@Test
	void aSecondDeliveryOfAnAppliedAnswerIsADuplicate() {
		JsonNode paused = pausedOnQuestion();
		String id = paused.get("thread_id").asString();
		String body = Webhooks.humanContactCompleted(id, ServiceClient.pendingCallId(paused), "use 8");
		assertThat(this.service.webhook(body).body().get("status").asString()).isEqualTo("applied");
		JsonNode resumed = this.service.awaitStatus(id, "awaiting_human_response", 6);

		ServiceClient.Answer again = this.service.webhook(body);

		assertThat(again.status()).isEqualTo(HttpStatus.OK);
		assertThat(again.body().get("status").asString()).isEqualTo("duplicate");
		assertThat(this.service.thread(id)).isEqualTo(resumed);
		assertThat(FlowTests.lines(resumed)).filteredOn((line) -> line.startsWith("human_response")).hasSize(1);
	}

	@Test
	void twentyConcurrentCopiesOfOneDeliveryApplyExactlyOnce() throws Exception {
		JsonNode paused = pausedOnQuestion();
		String id = paused.get("thread_id").asString();
		String body = Webhooks.humanContactCompleted(id, ServiceClient.pendingCallId(paused), "use 8");
		CountDownLatch start = new CountDownLatch(1);
		List<Future<ServiceClient.Answer>> answers = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			for (int i = 0; i < 20; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return this.service.webhook(body);
				}));
			}
			start.countDown();
			List<String> outcomes = new ArrayList<>();
			for (Future<ServiceClient.Answer> answer : answers) {
				assertThat(answer.get().status()).isEqualTo(HttpStatus.OK);
				outcomes.add(answer.get().body().get("status").asString());
			}
			assertThat(outcomes).containsOnly("applied", "duplicate").filteredOn("applied"::equals).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
		JsonNode resumed = this.service.awaitStatus(id, "awaiting_human_response", 6);
		assertThat(FlowTests.lines(resumed)).filteredOn((line) -> line.startsWith("human_response")).hasSize(1);
	}

	@Test
	void aDeliveryWithoutThreadIdIsABadRequest() {
		String body = Webhooks.humanContactCompleted("x", "human_call-1", "use 8")
			.replace("\"state\":{\"thread_id\":\"x\"}", "\"state\":{}");

		assertProblem(this.service.webhook(body), HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-webhook");
	}

	@Test
	void aDeliveryForAnUnknownThreadIsNotFound() {
		String body = Webhooks.humanContactCompleted("8c1f2d00-0000-4000-8000-000000000000", "human_call-1", "use 8");

		assertProblem(this.service.webhook(body), HttpStatus.NOT_FOUND, "urn:problem-type:thread-not-found");
	}

	@Test
	void aDeliveryForARunningThreadIsAConflict() {
		String id = this.threads.create("multiply 3 and 4").id().toString();

		assertProblem(this.service.webhook(Webhooks.humanContactCompleted(id, "human_call-1", "use 8")),
				HttpStatus.CONFLICT, "urn:problem-type:call-not-pending");
		assertThat(this.service.thread(id).get("events")).hasSize(1);
	}

	@Test
	void aDeliveryForAnotherCallIsAConflict() {
		JsonNode paused = pausedOnQuestion();
		String id = paused.get("thread_id").asString();

		assertProblem(this.service.webhook(Webhooks.humanContactCompleted(id, "human_call-other", "use 8")),
				HttpStatus.CONFLICT, "urn:problem-type:call-not-pending");
		assertThat(this.service.thread(id)).isEqualTo(paused);
	}

	@Test
	void aDeliveryOfTheOtherKindIsAConflict() {
		JsonNode paused = pausedOnQuestion();
		String id = paused.get("thread_id").asString();
		String body = Webhooks.functionCallCompleted(id, ServiceClient.pendingCallId(paused), true, null);

		assertProblem(this.service.webhook(body), HttpStatus.CONFLICT, "urn:problem-type:call-not-pending");
		assertThat(this.service.thread(id)).isEqualTo(paused);
	}

	@Test
	void anApprovalIsMatchedToTheFunctionCallItAnswers() {
		String id = this.service.launch("can you divide 3 by 4");
		JsonNode paused = this.service.awaitStatus(id, "awaiting_approval", 2);

		ServiceClient.Answer answer = this.service
			.webhook(Webhooks.functionCallCompleted(id, ServiceClient.pendingCallId(paused), true, null));

		assertThat(answer.body().get("status").asString()).isEqualTo("applied");
		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 4);
		assertThat(FlowTests.lines(done)).containsExactly("user_input: can you divide 3 by 4", "tool_call: divide 3 4",
				"tool_response: 0.75", "tool_call: done_for_now");
	}

	@Test
	void aBareFunctionCallWithoutEnvelopeIsAccepted() {
		String id = this.service.launch("can you divide 3 by 4");
		JsonNode paused = this.service.awaitStatus(id, "awaiting_approval", 2);

		ServiceClient.Answer answer = this.service
			.webhook(Webhooks.functionCall(id, ServiceClient.pendingCallId(paused), false, "no"));

		assertThat(answer.body().get("status").asString()).isEqualTo("applied");
		JsonNode rejected = this.service.awaitThread(id, (thread) -> thread.get("events").size() >= 3);
		assertThat(FlowTests.lines(rejected)).element(2)
			.isEqualTo("tool_response: user denied the operation with feedback: \"no\"");
	}

	@Test
	void malformedJsonIsABadRequest() {
		assertProblem(this.service.webhook("{\"type\": \"human_contact.completed\", "), HttpStatus.BAD_REQUEST,
				"urn:problem-type:invalid-webhook");
	}

	@Test
	void anEventOfTheWrongShapeIsABadRequest() {
		assertProblem(this.service.webhook("{\"type\":\"human_contact.completed\",\"event\":\"done\"}"),
				HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-webhook");
		assertProblem(
				this.service
					.webhook("{\"type\":\"human_contact.completed\",\"event\":{\"call_id\":\"c\",\"spec\":\"nope\"}}"),
				HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-webhook");
		assertProblem(this.service.webhook("[1, 2]"), HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-webhook");
	}

	@Test
	void anUnhandledTypeIsABadRequest() {
		assertProblem(this.service.webhook("{\"type\":\"agent_email.received\",\"event\":{\"body\":\"hi\"}}"),
				HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-webhook");
	}

	@Test
	void anUnansweredContactIsABadRequest() {
		JsonNode paused = pausedOnQuestion();
		String id = paused.get("thread_id").asString();
		String body = Webhooks.humanContactCompleted(id, ServiceClient.pendingCallId(paused), "x")
			.replace("\"response\":\"x\"", "\"response\":null");

		assertProblem(this.service.webhook(body), HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-webhook");
		assertThat(this.service.thread(id)).isEqualTo(paused);
	}

	@Test
	void aReplyLongerThanAMessageMayBeIsABadRequestAndChangesNothing() {
		JsonNode paused = pausedOnQuestion();
		String id = paused.get("thread_id").asString();
		String body = Webhooks.humanContactCompleted(id, ServiceClient.pendingCallId(paused), "8".repeat(32769));

		assertProblem(this.service.webhook(body), HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-webhook");
		assertThat(this.service.thread(id)).isEqualTo(paused);
	}

	@Test
	void aRejectionCommentLongerThanAMessageMayBeIsABadRequestAndChangesNothing() {
		String id = this.service.launch("can you divide 3 by 4");
		JsonNode paused = this.service.awaitStatus(id, "awaiting_approval", 2);
		String body = Webhooks.functionCallCompleted(id, ServiceClient.pendingCallId(paused), false, "n".repeat(32769));

		assertProblem(this.service.webhook(body), HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-webhook");
		assertThat(this.service.thread(id)).isEqualTo(paused);
	}

	@Test
	void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
		this.http.post()
			.uri("/webhook")
			.contentType(MediaType.TEXT_PLAIN)
			.body("hello")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private JsonNode pausedOnQuestion() {
		String id = this.service.launch("can you multiply 3 and fe1iiaff10");
		return this.service.awaitStatus(id, "awaiting_human_response", 2);
	}

	private static void assertProblem(ServiceClient.Answer answer, HttpStatus status, String type) {
		assertThat(answer.status()).isEqualTo(status);
		assertThat(answer.contentType()).isNotNull();
		assertThat(answer.contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
		assertThat(answer.body().get("type").asString()).isEqualTo(type);
		assertThat(answer.body().get("status").asInt()).isEqualTo(status.value());
		assertThat(answer.body().get("detail").asString()).isNotBlank();
	}

}
