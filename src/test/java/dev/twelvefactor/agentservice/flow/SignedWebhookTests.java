package dev.twelvefactor.agentservice.flow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code HUMANLAYER_WEBHOOK_SECRET} set, {@code /webhook} acts only on deliveries
 * signed with it, which the local inbox's are, and acts on each {@code webhook-id} once.
 */
@GuardedServiceTest
class SignedWebhookTests {

	private static final Signer signature = new Signer(GuardedServiceTest.SECRET);

	@Autowired
	private RestTestClient http;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		this.service = new ServiceClient(this.http.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + GuardedServiceTest.TOKEN)
			.build());
	}

	@Test
	void theLocalInboxSignsItsAnswersSoTheyStillResumeThreads() {
		String id = this.service.launch("can you divide 3 by 4");
		JsonNode paused = this.service.awaitStatus(id, "awaiting_approval", 2);

		this.service.approve(ServiceClient.pendingCallId(paused));

		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 4);
		assertThat(FlowTests.lines(done)).containsExactly("user_input: can you divide 3 by 4", "tool_call: divide 3 4",
				"tool_response: 0.75", "tool_call: done_for_now");
		this.service.reply(ServiceClient.pendingCallId(done), "now add 5 to that");
		assertThat(FlowTests.lines(this.service.awaitStatus(id, "awaiting_human_response", 8)))
			.contains("human_response: now add 5 to that");
	}

	@Test
	void aSignedDeliveryIsApplied() {
		JsonNode paused = pausedOnQuestion();
		String body = answer(paused, "use 8");

		ServiceClient.Answer answer = this.service.webhook(body, signature.headers("msg_signed", bytes(body)));

		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.body().get("status").asString()).isEqualTo("applied");
	}

	@Test
	void anUnsignedDeliveryIsUnauthorizedAndChangesNothing() {
		JsonNode paused = pausedOnQuestion();

		this.service.webhook(answer(paused, "use 8"))
			.assertProblem(HttpStatus.UNAUTHORIZED, "urn:problem-type:invalid-signature");

		assertThat(this.service.thread(id(paused))).isEqualTo(paused);
	}

	@Test
	void aDeliverySignedWithAnotherSecretIsUnauthorizedAndChangesNothing() {
		JsonNode paused = pausedOnQuestion();
		String body = answer(paused, "use 8");
		Signer forger = new Signer("whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY");

		this.service.webhook(body, forger.headers("msg_forged", bytes(body)))
			.assertProblem(HttpStatus.UNAUTHORIZED, "urn:problem-type:invalid-signature");

		assertThat(this.service.thread(id(paused))).isEqualTo(paused);
	}

	@Test
	void aSignatureOfAnotherBodyIsUnauthorizedAndChangesNothing() {
		String id = this.service.launch("can you divide 3 by 4");
		JsonNode paused = this.service.awaitStatus(id, "awaiting_approval", 2);
		String callId = ServiceClient.pendingCallId(paused);
		Map<String, String> rejectionSignature = signature.headers("msg_tampered",
				bytes(Webhooks.functionCallCompleted(id, callId, false, "no")));

		this.service.webhook(Webhooks.functionCallCompleted(id, callId, true, null), rejectionSignature)
			.assertProblem(HttpStatus.UNAUTHORIZED, "urn:problem-type:invalid-signature");

		assertThat(this.service.thread(id)).isEqualTo(paused);
	}

	@Test
	void aDeliverySignedMoreThanFiveMinutesAgoIsUnauthorizedAndChangesNothing() {
		JsonNode paused = pausedOnQuestion();
		String body = answer(paused, "use 8");
		long sixMinutesAgo = Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond();
		Map<String, String> stale = Map.of(Signer.ID_HEADER, "msg_stale", Signer.TIMESTAMP_HEADER,
				Long.toString(sixMinutesAgo), Signer.SIGNATURE_HEADER,
				signature.sign("msg_stale", sixMinutesAgo, bytes(body)));

		this.service.webhook(body, stale).assertProblem(HttpStatus.UNAUTHORIZED, "urn:problem-type:invalid-signature");

		assertThat(this.service.thread(id(paused))).isEqualTo(paused);
	}

	@Test
	void aMessageThatBeginsAThreadNeedsASignatureAsAnAnswerDoes() {
		String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
		String email = """
				{"type":"agent_email.received","is_test":false,
				 "event":{"from_address":"user@example.com","to_address":"agent@humanlayer.dev","subject":"Sums",
				          "body":"can you add 1 and 2","message_id":"%s","previous_thread":[],"raw_email":"(raw)"}}
				""".formatted(messageId);
		String slack = """
				{"type":"agent_slack.received","is_test":false,
				 "event":{"thread_ts":"1717.2","channel_id":"C0123ABC",
				          "events":[{"from_user_id":"U0456DEF","channel_id":"C0123ABC","content":"can you add 1 and 2",
				                     "message_id":"%s"}]}}""".formatted(UUID.randomUUID());
		String conversation = """
				{"type":"conversation.created","is_test":false,
				 "event":{"user_message":"can you add 1 and 2","contact_channel_id":%d,"agent_name":"calc-agent"}}
				""".formatted(1000 + (long) (Math.random() * 1_000_000));
		List<String> before = this.service.recentThreadIds();

		for (String path : List.of("/webhook", "/api/v1/conversations")) {
			for (String body : List.of(email, slack, conversation)) {
				this.service.deliver(path, body, Map.of())
					.assertProblem(HttpStatus.UNAUTHORIZED, "urn:problem-type:invalid-signature");
			}
		}
		assertThat(this.service.recentThreadIds()).isEqualTo(before);

		ServiceClient.Answer signed = this.service.deliver("/api/v1/conversations", email,
				signature.headers("msg_" + UUID.randomUUID(), bytes(email)));
		assertThat(signed.body().get("status").asString()).isEqualTo("started");
		assertThat(this.service.recentThreadIds()).contains(signed.body().get("thread_id").asString());
	}

	@Test
	void aReplayedWebhookIdIsADuplicateEvenForAnotherCall() {
		JsonNode paused = pausedOnQuestion();
		String first = answer(paused, "use 8");
		assertThat(this.service.webhook(first, signature.headers("msg_once", bytes(first)))
			.body()
			.get("status")
			.asString()).isEqualTo("applied");
		JsonNode pausedAgain = this.service.awaitStatus(id(paused), "awaiting_human_response", 6);
		String second = answer(pausedAgain, "stop");

		ServiceClient.Answer replay = this.service.webhook(second, signature.headers("msg_once", bytes(second)));

		assertThat(replay.status()).isEqualTo(HttpStatus.OK);
		assertThat(replay.body().get("status").asString()).isEqualTo("duplicate");
		assertThat(replay.body().get("call_id").asString()).isEqualTo(ServiceClient.pendingCallId(paused));
		assertThat(this.service.thread(id(paused))).isEqualTo(pausedAgain);
	}

	@Test
	void concurrentCopiesOfOneSignedDeliveryApplyExactlyOnce() throws Exception {
		JsonNode paused = pausedOnQuestion();
		String body = answer(paused, "use 8");
		Map<String, String> headers = signature.headers("msg_copies", bytes(body));
		CountDownLatch start = new CountDownLatch(1);
		List<Future<ServiceClient.Answer>> answers = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(10);
		try {
			for (int i = 0; i < 10; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return this.service.webhook(body, headers);
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
		JsonNode resumed = this.service.awaitStatus(id(paused), "awaiting_human_response", 6);
		assertThat(FlowTests.lines(resumed)).filteredOn((line) -> line.startsWith("human_response")).hasSize(1);
	}

	private JsonNode pausedOnQuestion() {
		String id = this.service.launch("can you multiply 3 and fe1iiaff10");
		return this.service.awaitStatus(id, "awaiting_human_response", 2);
	}

	private static String answer(JsonNode paused, String response) {
		return Webhooks.humanContactCompleted(id(paused), ServiceClient.pendingCallId(paused), response);
	}

	private static String id(JsonNode thread) {
		return thread.get("thread_id").asString();
	}

	private static byte[] bytes(String body) {
		return body.getBytes(StandardCharsets.UTF_8);
	}

}
