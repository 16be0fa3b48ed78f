package dev.twelvefactor.agentservice.flow;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
 * How a user's own message answers a paused thread through {@code POST
 * /thread/{id}/messages}, under the same matching and dedupe rules as a webhook.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class MessagesTests {

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
	void aMessageAnswersAPendingQuestion() {
		String id = this.service.launch("can you multiply 3 and fe1iiaff10");
		JsonNode paused = this.service.awaitStatus(id, "awaiting_human_response", 2);

		JsonNode answered = message(id, "lets try 12 instead", HttpStatus.ACCEPTED);

		assertThat(answered.get("status").asString()).isEqualTo("applied");
		assertThat(answered.get("call_id").asString()).isEqualTo(ServiceClient.pendingCallId(paused));
		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 6);
		assertThat(FlowTests.lines(done)).containsExactly("user_input: can you multiply 3 and fe1iiaff10",
				"tool_call: request_more_information", "human_response: lets try 12 instead",
				"tool_call: multiply 3 12", "tool_response: 36", "tool_call: done_for_now");
		assertThat(done.get("events").get(2).get("respondent").get("channel").asString()).isEqualTo("thread_message");
	}

	@Test
	void aMessageRejectsAPendingApprovalWithItsTextAsTheComment() {
		String id = this.service.launch("can you divide 3 by 4");
		this.service.awaitStatus(id, "awaiting_approval", 2);

		message(id, "use 5 instead of 4", HttpStatus.ACCEPTED);

		JsonNode retried = this.service.awaitStatus(id, "awaiting_approval", 4);
		assertThat(FlowTests.lines(retried)).containsExactly("user_input: can you divide 3 by 4",
				"tool_call: divide 3 4",
				"tool_response: user denied the operation with feedback: \"use 5 instead of 4\"",
				"tool_call: divide 3 5");
		JsonNode respondent = retried.get("events").get(2).get("respondent");
		assertThat(respondent.get("approved").asBoolean()).isFalse();
		assertThat(respondent.get("comment").asString()).isEqualTo("use 5 instead of 4");
	}

	@Test
	void aLateWebhookForACallAnsweredByMessageIsADuplicate() {
		String id = this.service.launch("can you multiply 3 and fe1iiaff10");
		JsonNode paused = this.service.awaitStatus(id, "awaiting_human_response", 2);
		message(id, "use 8", HttpStatus.ACCEPTED);
		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 6);

		ServiceClient.Answer late = this.service
			.webhook(Webhooks.humanContactCompleted(id, ServiceClient.pendingCallId(paused), "use 9"));

		assertThat(late.status()).isEqualTo(HttpStatus.OK);
		assertThat(late.body().get("status").asString()).isEqualTo("duplicate");
		assertThat(this.service.thread(id)).isEqualTo(done);
	}

	@Test
	void aMessageToAThreadThatWaitsForNobodyIsAConflict() {
		String id = this.threads.create("multiply 3 and 4").id().toString();

		this.http.post()
			.uri("/thread/{id}/messages", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("message", "use 8"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:problem-type:thread-not-paused");
		assertThat(this.service.thread(id).get("events")).hasSize(1);
	}

	@Test
	void aMessageNamingTheCallItAnswersIsApplied() {
		String id = this.service.launch("can you divide 3 by 4");
		String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_approval", 2));

		JsonNode answered = message(id, Map.of("message", "use 5 instead of 4", "call_id", callId),
				HttpStatus.ACCEPTED);

		assertThat(answered.get("status").asString()).isEqualTo("applied");
		assertThat(answered.get("call_id").asString()).isEqualTo(callId);
	}

	@Test
	void aMessageNamingACallTheThreadNoLongerWaitsForIsRefusedAndChangesNothing() {
		String id = this.service.launch("can you divide 3 by 4");
		String approval = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_approval", 2));
		this.service.approve(approval);
		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 4);

		this.http.post()
			.uri("/thread/{id}/messages", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("message", "use 5 instead of 4", "call_id", approval))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:problem-type:call-not-pending");
		assertThat(this.service.thread(id)).isEqualTo(done);
	}

	@Test
	void aMessageRacingAnApprovalNeverLandsOnTheNextCall() throws Exception {
		ExecutorService racers = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 30; round++) {
				String id = this.service.launch("can you divide 3 by 4");
				String approval = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_approval", 2));
				CountDownLatch go = new CountDownLatch(1);
				Future<Integer> approved = racers.submit(() -> {
					go.await();
					return status(ServiceClient.INBOX + "/agent/function_calls/" + approval + "/respond",
							Map.of("approved", true));
				});
				Future<Integer> messaged = racers.submit(() -> {
					go.await();
					return status("/thread/" + id + "/messages",
							Map.of("message", "use 5 instead of 4", "call_id", approval));
				});
				go.countDown();
				int inbox = approved.get(10, TimeUnit.SECONDS);
				int message = messaged.get(10, TimeUnit.SECONDS);
				assertThat(List.of(inbox, message)).as("one of them applies").containsAnyOf(200, 202);
				assertThat(inbox).isIn(200, 409);
				assertThat(message).isIn(202, 200, 409);
				JsonNode thread = this.service.awaitThread(id, (current) -> current.has("waiting_for"));
				for (JsonNode event : thread.get("events")) {
					JsonNode respondent = event.path("respondent");
					if ("thread_message".equals(respondent.path("channel").asString())) {
						assertThat(respondent.get("call_id").asString()).isEqualTo(approval);
					}
				}
			}
		}
		finally {
			racers.shutdownNow();
		}
	}

	private int status(String path, Map<String, Object> body) {
		return this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.returnResult()
			.getStatus()
			.value();
	}

	private JsonNode message(String id, String text, HttpStatus status) {
		return message(id, Map.of("message", text), status);
	}

	private JsonNode message(String id, Map<String, String> body, HttpStatus status) {
		return this.http.post()
			.uri("/thread/{id}/messages", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

}
