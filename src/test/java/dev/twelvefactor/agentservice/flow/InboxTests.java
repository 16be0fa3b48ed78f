package dev.twelvefactor.agentservice.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local inbox agrees with the threads it serves: a call leaves it however it was
 * answered, is answered at most once, and its lists come a page at a time, for free while
 * unchanged.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class InboxTests {

	private static final String INBOX = ServiceClient.INBOX;

	private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

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
	void aCallAnsweredOnTheThreadLeavesTheInboxAndASecondAnswerThereIsRefused() {
		String id = this.service.launch("can you divide 3 by 4");
		String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_approval", 2));
		awaitListed("function_calls", callId);

		message(id, "use 5 instead of 4");

		assertThat(pendingIds("function_calls")).doesNotContain(callId);
		Answer approval = post("/agent/function_calls/" + callId + "/respond", "{\"approved\": true}");
		approval.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:call-answered");
		JsonNode answer = answerOf(this.service.thread(id), callId);
		assertThat(answer.get("channel").asString()).isEqualTo("thread_message");
		assertThat(answer.get("approved").asBoolean()).isFalse();
		assertThat(read("/function_calls/" + callId).get("status").has("approved")).isFalse();
	}

	@Test
	void aCallAnsweredByAWebhookLeavesTheInboxAndASecondAnswerThereIsRefused() {
		String id = this.service.launch("can you multiply 3 and fe1iiaff10");
		String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_human_response", 2));
		awaitListed("human_contacts", callId);

		ServiceClient.Answer delivered = this.service.webhook(Webhooks.humanContactCompleted(id, callId, "use 12"));

		assertThat(delivered.body().get("status").asString()).isEqualTo("applied");
		assertThat(pendingIds("human_contacts")).doesNotContain(callId);
		post("/agent/human_contacts/" + callId + "/respond", "{\"response\": \"use 8\"}")
			.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:call-answered");
		assertThat(this.service.thread(id).get("events").get(2).get("data").asString()).isEqualTo("use 12");
	}

	@Test
	void anAnswerOnTheThreadRacingOneInTheInboxLeavesExactlyOneThatBothAgreeOn() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 30; round++) {
				String id = this.service.launch("can you divide 3 by 4");
				String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_approval", 2));
				awaitListed("function_calls", callId);
				CountDownLatch start = new CountDownLatch(1);
				CompletableFuture<Answer> inbox = CompletableFuture.supplyAsync(() -> {
					await(start);
					return post("/agent/function_calls/" + callId + "/respond", "{\"approved\": true}");
				}, pool);
				CompletableFuture<EntityExchangeResult<byte[]>> thread = CompletableFuture.supplyAsync(() -> {
					await(start);
					return this.http.post()
						.uri("/thread/{id}/messages", id)
						.contentType(MediaType.APPLICATION_JSON)
						.body(Map.of("message", "use 5 instead of 4"))
						.exchange()
						.expectBody(byte[].class)
						.returnResult();
				}, pool);
				start.countDown();
				Answer inboxAnswer = inbox.get();
				thread.get();

				JsonNode answered = this.service.awaitThread(id,
						(current) -> !current.get("status").asString().equals("awaiting_approval")
								|| !callId.equals(ServiceClient.pendingCallId(current)));
				JsonNode answer = answerOf(answered, callId);
				if (inboxAnswer.status() == HttpStatus.OK) {
					assertThat(answer.get("channel").asString()).as("round %d", round).isEqualTo("local_inbox");
					assertThat(answer.get("approved").asBoolean()).isTrue();
					assertThat(read("/function_calls/" + callId).get("status").get("approved").asBoolean()).isTrue();
				}
				else {
					inboxAnswer.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:call-answered");
					assertThat(answer.get("channel").asString()).as("round %d", round).isEqualTo("thread_message");
					assertThat(read("/function_calls/" + callId).get("status").has("approved")).isFalse();
				}
				assertThat(pendingIds("function_calls")).doesNotContain(callId);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aCallWhoseThreadIsGoneIsWithdrawnRatherThanFailingEachAnswer() {
		String id = this.service.launch("can you divide 3 by 4");
		String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_approval", 2));
		awaitListed("function_calls", callId);
		this.threads.delete(UUID.fromString(id));

		post("/agent/function_calls/" + callId + "/respond", "{\"approved\": true}").assertProblem(HttpStatus.CONFLICT,
				"urn:problem-type:call-withdrawn");

		assertThat(pendingIds("function_calls")).doesNotContain(callId);
		post("/agent/function_calls/" + callId + "/respond", "{\"approved\": true}").assertProblem(HttpStatus.CONFLICT,
				"urn:problem-type:call-withdrawn");
	}

	@Test
	void anEscalationLongerThanAMessageIsRefusedAndNotListed() {
		String id = this.service.launch("can you divide 3 by 4");
		String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_approval", 2));
		awaitListed("function_calls", callId);

		post("/agent/function_calls/" + callId + "/escalate_email",
				"{\"escalation_msg\": \"" + "x".repeat(40_000) + "\"}")
			.assertProblem(HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-request");

		JsonNode listed = find(this.service.pending("function_calls"), callId);
		assertThat(listed.has("escalation_msg")).isFalse();
	}

	@Test
	void theInboxAnswersACallItHasWith409AndReadsItBack() {
		String callId = "human_call-" + UUID.randomUUID();
		String contact = "{\"run_id\":\"r\",\"call_id\":\"" + callId + "\",\"spec\":{\"msg\":\"Which number?\"}}";
		assertThat(post("/contact_requests", contact).status()).isEqualTo(HttpStatus.OK);

		post("/contact_requests", contact).assertProblem(HttpStatus.CONFLICT, "urn:problem-type:call-exists");

		JsonNode read = read("/contact_requests/" + callId);
		assertThat(read.get("call_id").asString()).isEqualTo(callId);
		assertThat(read.get("spec").get("msg").asString()).isEqualTo("Which number?");
		assertThat(read.get("status").get("requested_at").asString()).isNotBlank();
	}

	@Test
	void aCallAnSdkMadeWithoutAThreadIsAnsweredAndReadBackThoughTheWebhookRefusesIt() {
		for (String state : List.of("", ",\"state\":{\"thread_id\":\"their-thread-1\"}")) {
			String callId = "call-" + UUID.randomUUID();
			post("/function_calls", "{\"run_id\":\"sdk\",\"call_id\":\"" + callId
					+ "\",\"spec\":{\"fn\":\"send_email\",\"kwargs\":{\"to\":\"a@example.com\"}" + state + "}}");
			awaitListed("function_calls", callId);

			Answer answer = post("/agent/function_calls/" + callId + "/respond",
					"{\"approved\": false, \"comment\": \"not to that address\"}");

			assertThat(answer.status()).isEqualTo(HttpStatus.OK);
			JsonNode read = read("/function_calls/" + callId);
			assertThat(read.get("status").get("approved").asBoolean()).isFalse();
			assertThat(read.get("status").get("comment").asString()).isEqualTo("not to that address");
			assertThat(read.get("status").get("responded_at").asString()).isNotBlank();
			assertThat(read.get("webhook_error").asString()).contains("40");
			assertThat(pendingIds("function_calls")).doesNotContain(callId);
			post("/agent/function_calls/" + callId + "/respond", "{\"approved\": true}")
				.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:call-answered");
		}
	}

	@Test
	void theServicesOwnCallCarriesItsChannelAndAnswersNameTheOptionPicked() {
		String callId = "human_call-" + UUID.randomUUID();
		post("/contact_requests", "{\"run_id\":\"sdk\",\"call_id\":\"" + callId
				+ "\",\"spec\":{\"msg\":\"Rounded or exact?\",\"channel\":{\"slack\":{\"channel_or_user_id\":\"C0123\"}},"
				+ "\"response_options\":[{\"name\":\"exact\",\"title\":\"Exact\"},{\"name\":\"rounded\"}]}}");

		JsonNode listed = find(this.service.pending("human_contacts"), callId);
		assertThat(listed.get("spec").get("channel").get("slack").get("channel_or_user_id").asString())
			.isEqualTo("C0123");
		assertThat(listed.get("spec").get("response_options").findValuesAsString("name")).containsExactly("exact",
				"rounded");
		Answer answer = post("/agent/human_contacts/" + callId + "/respond",
				"{\"response\": \"exact, please\", \"response_option_name\": \"exact\"}");

		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.body().get("status").get("response_option_name").asString()).isEqualTo("exact");
		assertThat(read("/contact_requests/" + callId).get("status").get("response_option_name").asString())
			.isEqualTo("exact");
	}

	@Test
	void thePendingListsComeAPageAtATimeNewestFirst() {
		String run = "page-" + UUID.randomUUID();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String callId = run + "-" + i;
			post("/function_calls", "{\"run_id\":\"" + run + "\",\"call_id\":\"" + callId
					+ "\",\"spec\":{\"fn\":\"divide\",\"kwargs\":{\"a\":" + i + ",\"b\":2}}}");
			created.add(0, callId);
		}

		List<String> listed = new ArrayList<>();
		String next = INBOX + "/agent/function_calls/pending?limit=2";
		int pages = 0;
		while (next != null) {
			EntityExchangeResult<JsonNode> page = this.http.get()
				.uri(next)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JsonNode.class)
				.returnResult();
			assertThat(page.getResponseBody().size()).isLessThanOrEqualTo(2);
			page.getResponseBody().forEach((call) -> listed.add(call.get("call_id").asString()));
			String link = page.getResponseHeaders().getFirst(HttpHeaders.LINK);
			Matcher matcher = (link != null) ? NEXT.matcher(link) : null;
			next = (matcher != null && matcher.matches()) ? matcher.group(1) : null;
			pages++;
		}

		assertThat(pages).isGreaterThanOrEqualTo(3);
		assertThat(listed).doesNotHaveDuplicates();
		assertThat(listed.stream().filter((callId) -> callId.startsWith(run)).toList()).isEqualTo(created);
	}

	@Test
	void aPageOutOfBoundsOrACursorTheInboxNeverGaveIsRefused() {
		get("/agent/function_calls/pending?limit=0").assertProblem(HttpStatus.BAD_REQUEST,
				"urn:problem-type:invalid-request");
		get("/agent/human_contacts/pending?limit=501").assertProblem(HttpStatus.BAD_REQUEST,
				"urn:problem-type:invalid-request");
		get("/agent/function_calls/pending?cursor=bm9uc2Vuc2U").assertProblem(HttpStatus.BAD_REQUEST,
				"urn:problem-type:invalid-request");
	}

	@Test
	void anUnchangedListCostsAnEmpty304() {
		EntityExchangeResult<byte[]> first = this.http.get()
			.uri(INBOX + "/agent/human_contacts/pending")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult();
		String etag = first.getResponseHeaders().getETag();
		assertThat(etag).isNotBlank();

		this.http.get()
			.uri(INBOX + "/agent/human_contacts/pending")
			.header(HttpHeaders.IF_NONE_MATCH, etag)
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectBody()
			.isEmpty();

		post("/contact_requests", "{\"run_id\":\"r\",\"call_id\":\"human_call-" + UUID.randomUUID()
				+ "\",\"spec\":{\"msg\":\"Anything new?\"}}");
		this.http.get()
			.uri(INBOX + "/agent/human_contacts/pending")
			.header(HttpHeaders.IF_NONE_MATCH, etag)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value(HttpHeaders.ETAG, (changed) -> assertThat(changed).isNotEqualTo(etag));
	}

	private void message(String id, String text) {
		this.http.post()
			.uri("/thread/{id}/messages", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("message", text))
			.exchange()
			.expectStatus()
			.isAccepted();
	}

	/** Waits until the service's request for the call reached the inbox. */
	private void awaitListed(String kind, String callId) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pendingIds(kind).contains(callId));
	}

	private List<String> pendingIds(String kind) {
		return this.service.pending(kind).findValuesAsString("call_id");
	}

	private Answer post(String path, String body) {
		return send(this.http.post().uri(INBOX + path).contentType(MediaType.APPLICATION_JSON).body(body));
	}

	private Answer get(String path) {
		return send(this.http.get().uri(INBOX + path));
	}

	private static Answer send(RestTestClient.RequestHeadersSpec<?> request) {
		EntityExchangeResult<JsonNode> result = request.exchange().expectBody(JsonNode.class).returnResult();
		return new Answer(HttpStatus.valueOf(result.getStatus().value()), result.getResponseBody(),
				result.getResponseHeaders().getContentType());
	}

	private JsonNode read(String path) {
		return this.http.get()
			.uri(INBOX + path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** The respondent of the one event that records an answer to the call. */
	private static JsonNode answerOf(JsonNode thread, String callId) {
		List<JsonNode> answers = new ArrayList<>();
		for (JsonNode event : thread.get("events")) {
			if (event.has("respondent") && callId.equals(event.get("respondent").get("call_id").asString())) {
				answers.add(event.get("respondent"));
			}
		}
		assertThat(answers).as("answers to " + callId).hasSize(1);
		return answers.get(0);
	}

	private static JsonNode find(JsonNode calls, String callId) {
		for (JsonNode call : calls) {
			if (callId.equals(call.get("call_id").asString())) {
				return call;
			}
		}
		throw new AssertionError("No pending call " + callId + " in " + calls);
	}

	private static void await(CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Answer(HttpStatus status, JsonNode body, MediaType contentType) {

		void assertProblem(HttpStatus expected, String type) {
			new ServiceClient.Answer(this.status, this.body, this.contentType).assertProblem(expected, type);
		}

	}

}
