package dev.twelvefactor.agentservice.flow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.ThreadStore;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint refuses bad input with its documented problem response
 * ({@code docs/errors.md}), and no refused request changes a stored thread or the local
 * inbox.
 */
@GuardedServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestTests {

	private static final String TOKEN = GuardedServiceTest.TOKEN;

	private static final String SECRET = GuardedServiceTest.SECRET;

	private static final Signer signature = new Signer(SECRET);

	private static final Signer forger = new Signer("whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY");

	private static final String BLANK = ProblemAssert.BLANK;

	private static final String INVALID_REQUEST = "urn:problem-type:invalid-request";

	private static final String INVALID_WEBHOOK = "urn:problem-type:invalid-webhook";

	private static final String INVALID_SIGNATURE = "urn:problem-type:invalid-signature";

	private static final String UNAUTHORIZED = "urn:problem-type:unauthorized";

	private static final String THREAD_NOT_FOUND = "urn:problem-type:thread-not-found";

	private static final String CALL_NOT_PENDING = "urn:problem-type:call-not-pending";

	private static final String CALL_NOT_FOUND = "urn:problem-type:call-not-found";

	private static final MediaType JSON = MediaType.APPLICATION_JSON;

	private static final String INBOX = ServiceClient.INBOX;

	private static final String TWO_MEGABYTES = "x".repeat(2 * 1024 * 1024);

	@Autowired
	private RestTestClient http;

	@Autowired
	private ThreadStore threads;

	@Autowired
	private JsonMapper json;

	private final Map<String, String> names = new LinkedHashMap<>();

	private StoreSnapshot before;

	@BeforeAll
	void prepareThreadsInEveryState() {
		ServiceClient service = new ServiceClient(
				this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).build());
		String question = service.launch("can you multiply 3 and fe1iiaff10");
		String approval = service.launch("can you divide 3 by 4");
		String answered = service.launch("can you divide 6 by 3");
		String answeredCall = ServiceClient.pendingCallId(service.awaitStatus(answered, "awaiting_approval", 2));
		service.approve(answeredCall);
		service.awaitStatus(answered, "awaiting_human_response", 4);
		AgentThread failed = this.threads.create("can you add 1 and 2");
		this.threads.update(failed.id(),
				(thread) -> thread.fail("The model could not be reached.", Failure.Step.MODEL));
		this.names.put("{question}", question);
		this.names.put("{questionCall}",
				ServiceClient.pendingCallId(service.awaitStatus(question, "awaiting_human_response", 2)));
		this.names.put("{approval}", approval);
		this.names.put("{approvalCall}",
				ServiceClient.pendingCallId(service.awaitStatus(approval, "awaiting_approval", 2)));
		this.names.put("{answered}", answered);
		this.names.put("{answeredCall}", answeredCall);
		this.names.put("{failed}", failed.id().toString());
		this.names.put("{running}", this.threads.create("can you add 3 and 4").id().toString());
		this.names.put("{unknown}", UUID.randomUUID().toString());
		this.before = snapshot();
		assertThat(this.before.entries().values()).extracting((thread) -> thread.path("status").asString())
			.contains("awaiting_human_response", "awaiting_approval", "failed", "running");
	}

	static Stream<Row> badRequests() {
		return Stream.of(
				// POST /thread
				row("launch: malformed JSON", HttpMethod.POST, "/thread", JSON, "{\"message\": ", 400, BLANK),
				row("launch: a JSON array", HttpMethod.POST, "/thread", JSON, "[\"hi\"]", 400, BLANK),
				row("launch: an empty body", HttpMethod.POST, "/thread", JSON, "", 400, BLANK),
				row("launch: no message", HttpMethod.POST, "/thread", JSON, "{}", 400, BLANK),
				row("launch: a null message", HttpMethod.POST, "/thread", JSON, "{\"message\": null}", 400, BLANK),
				row("launch: a blank message", HttpMethod.POST, "/thread", JSON, "{\"message\": \"  \"}", 400, BLANK),
				row("launch: a message that is an object", HttpMethod.POST, "/thread", JSON,
						"{\"message\": {\"text\": \"hi\"}}", 400, BLANK),
				row("launch: a 2 MB message", HttpMethod.POST, "/thread", JSON, message(TWO_MEGABYTES), 400,
						INVALID_REQUEST),
				row("launch: a channel naming none", HttpMethod.POST, "/thread", JSON,
						"{\"message\": \"hi\", \"channel\": {}}", 400, INVALID_REQUEST),
				row("launch: a channel naming two", HttpMethod.POST, "/thread", JSON,
						"{\"message\": \"hi\", \"channel\": {\"email\": {\"address\": \"a@example.com\"}, "
								+ "\"slack\": {\"channel_or_user_id\": \"C0123ABC\"}}}",
						400, INVALID_REQUEST),
				row("launch: a Slack #name", HttpMethod.POST, "/thread", JSON,
						"{\"message\": \"hi\", \"channel\": {\"slack\": {\"channel_or_user_id\": \"#general\"}}}", 400,
						INVALID_REQUEST),
				row("launch: a Slack thread_ts that is no timestamp", HttpMethod.POST, "/thread", JSON,
						"{\"message\": \"hi\", \"channel\": {\"slack\": {\"channel_or_user_id\": \"C0123ABC\", "
								+ "\"thread_ts\": \"yesterday\"}}}",
						400, INVALID_REQUEST),
				row("launch: an email channel without an address", HttpMethod.POST, "/thread", JSON,
						"{\"message\": \"hi\", \"channel\": {\"email\": {\"address\": \"ops\"}}}", 400,
						INVALID_REQUEST),
				row("launch: a channel_id of 0", HttpMethod.POST, "/thread", JSON,
						"{\"message\": \"hi\", \"channel\": {\"channel_id\": 0}}", 400, INVALID_REQUEST),
				row("launch: a channel that is a string", HttpMethod.POST, "/thread", JSON,
						"{\"message\": \"hi\", \"channel\": \"slack\"}", 400, BLANK),
				row("launch: a form body", HttpMethod.POST, "/thread", MediaType.APPLICATION_FORM_URLENCODED,
						"message=hi", 415, BLANK),
				row("launch: plain text", HttpMethod.POST, "/thread", MediaType.TEXT_PLAIN, "divide 3 by 4", 415,
						BLANK),
				row("launch: no token", HttpMethod.POST, "/thread", JSON, message("add 1 and 2"), Auth.NONE, 401,
						UNAUTHORIZED),
				row("launch: another token", HttpMethod.POST, "/thread", JSON, message("add 1 and 2"), Auth.WRONG_TOKEN,
						401, UNAUTHORIZED),
				row("show: a misspelt path", HttpMethod.GET, "/threadz", null, null, 404, BLANK),
				// GET /thread and /thread/{id}
				row("show: an unknown id", HttpMethod.GET, "/thread/{unknown}", null, null, 404, THREAD_NOT_FOUND),
				row("show: an id that is no UUID", HttpMethod.GET, "/thread/not-a-uuid", null, null, 404,
						THREAD_NOT_FOUND),
				row("show: no token", HttpMethod.GET, "/thread/{question}", null, null, Auth.NONE, 401, UNAUTHORIZED),
				row("show: the wrong method", HttpMethod.DELETE, "/thread/{question}", null, null, 405, BLANK),
				row("list: a limit of 0", HttpMethod.GET, "/thread?limit=0", null, null, 400, BLANK),
				row("list: a limit that is no number", HttpMethod.GET, "/thread?limit=many", null, null, 400, BLANK),
				// POST /thread/{id}/messages
				row("message: malformed JSON", HttpMethod.POST, "/thread/{question}/messages", JSON, "{\"message\"",
						400, BLANK),
				row("message: a blank message", HttpMethod.POST, "/thread/{question}/messages", JSON,
						"{\"message\": \"\"}", 400, BLANK),
				row("message: a 2 MB message", HttpMethod.POST, "/thread/{question}/messages", JSON,
						message(TWO_MEGABYTES), 400, INVALID_REQUEST),
				row("message: plain text", HttpMethod.POST, "/thread/{question}/messages", MediaType.TEXT_PLAIN,
						"use 8", 415, BLANK),
				row("message: no token", HttpMethod.POST, "/thread/{question}/messages", JSON, message("use 8"),
						Auth.NONE, 401, UNAUTHORIZED),
				row("message: an unknown thread", HttpMethod.POST, "/thread/{unknown}/messages", JSON, message("use 8"),
						404, THREAD_NOT_FOUND),
				row("message: a running thread", HttpMethod.POST, "/thread/{running}/messages", JSON, message("use 8"),
						409, "urn:problem-type:thread-not-paused"),
				row("message: a failed thread", HttpMethod.POST, "/thread/{failed}/messages", JSON, message("use 8"),
						409, "urn:problem-type:thread-not-paused"),
				// POST /thread/{id}/retry
				row("retry: a thread paused on a question", HttpMethod.POST, "/thread/{question}/retry", null, null,
						409, "urn:problem-type:thread-not-failed"),
				row("retry: a thread paused on an approval", HttpMethod.POST, "/thread/{approval}/retry", null, null,
						409, "urn:problem-type:thread-not-failed"),
				row("retry: a running thread", HttpMethod.POST, "/thread/{running}/retry", null, null, 409,
						"urn:problem-type:thread-not-failed"),
				row("retry: an unknown thread", HttpMethod.POST, "/thread/{unknown}/retry", null, null, 404,
						THREAD_NOT_FOUND),
				row("retry: an id that is no UUID", HttpMethod.POST, "/thread/nope/retry", null, null, 404,
						THREAD_NOT_FOUND),
				row("retry: no token", HttpMethod.POST, "/thread/{failed}/retry", null, null, Auth.NONE, 401,
						UNAUTHORIZED),
				// POST /thread/{id}/cancel
				row("cancel: malformed JSON", HttpMethod.POST, "/thread/{approval}/cancel", JSON, "{\"reason\": ", 400,
						BLANK),
				row("cancel: a reason that is a number", HttpMethod.POST, "/thread/{approval}/cancel", JSON,
						"{\"reason\": 5}", 400, BLANK),
				row("cancel: a 2 MB reason", HttpMethod.POST, "/thread/{approval}/cancel", JSON,
						"{\"reason\": \"" + TWO_MEGABYTES + "\"}", 400, INVALID_REQUEST),
				row("cancel: a reason in plain text", HttpMethod.POST, "/thread/{approval}/cancel",
						MediaType.TEXT_PLAIN, "wrong numbers", 415, BLANK),
				row("cancel: a finished thread", HttpMethod.POST, "/thread/{answered}/cancel", null, null, 409,
						"urn:problem-type:thread-finished"),
				row("cancel: an unknown thread", HttpMethod.POST, "/thread/{unknown}/cancel", null, null, 404,
						THREAD_NOT_FOUND),
				row("cancel: no token", HttpMethod.POST, "/thread/{running}/cancel", null, null, Auth.NONE, 401,
						UNAUTHORIZED),
				// POST /webhook
				row("webhook: malformed JSON", HttpMethod.POST, "/webhook", JSON, "{\"type\": \"human_contact", 400,
						INVALID_WEBHOOK),
				row("webhook: a JSON array", HttpMethod.POST, "/webhook", JSON, "[1, 2]", 400, INVALID_WEBHOOK),
				row("webhook: an event that is a string", HttpMethod.POST, "/webhook", JSON,
						"{\"type\":\"human_contact.completed\",\"event\":\"done\"}", 400, INVALID_WEBHOOK),
				row("webhook: a spec that is a string", HttpMethod.POST, "/webhook", JSON,
						"{\"type\":\"human_contact.completed\",\"event\":{\"call_id\":\"c\",\"spec\":\"nope\"}}", 400,
						INVALID_WEBHOOK),
				row("webhook: an unhandled type", HttpMethod.POST, "/webhook", JSON,
						"{\"type\":\"project.created\",\"event\":{\"body\":\"hi\"}}", 400, INVALID_WEBHOOK),
				row("webhook: an email without a sender", HttpMethod.POST, "/webhook", JSON,
						"{\"type\":\"agent_email.received\",\"event\":{\"body\":\"hi\"}}", 400, INVALID_WEBHOOK),
				row("webhook: a conversation without a contact channel", HttpMethod.POST, "/webhook", JSON,
						"{\"type\":\"conversation.created\",\"event\":{\"user_message\":\"hi\"}}", 400,
						INVALID_WEBHOOK),
				row("webhook: a Slack thread without messages", HttpMethod.POST, "/webhook", JSON,
						"{\"type\":\"agent_slack.received\",\"event\":{\"channel_id\":\"C0123ABC\",\"events\":[]}}",
						400, INVALID_WEBHOOK),
				row("webhook: a Slack message in no channel", HttpMethod.POST, "/webhook", JSON,
						"{\"type\":\"agent_slack.received\",\"event\":{\"events\":[{\"content\":\"hi\"}]}}", 400,
						INVALID_WEBHOOK),
				row("webhook: no thread_id", HttpMethod.POST, "/webhook", JSON,
						Webhooks.humanContactCompleted("{question}", "{questionCall}", "use 8")
							.replace("\"thread_id\":\"{question}\"", "\"other\":1"),
						400, INVALID_WEBHOOK),
				row("webhook: no call_id", HttpMethod.POST, "/webhook", JSON,
						Webhooks.humanContactCompleted("{question}", "", "use 8"), 400, INVALID_WEBHOOK),
				row("webhook: a contact without response", HttpMethod.POST, "/webhook", JSON,
						Webhooks.humanContactCompleted("{question}", "{questionCall}", "x")
							.replace("\"response\":\"x\"", "\"response\":null"),
						400, INVALID_WEBHOOK),
				row("webhook: a function call without decision", HttpMethod.POST, "/webhook", JSON,
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", true, null)
							.replace("\"approved\":true", "\"approved\":null"),
						400, INVALID_WEBHOOK),
				row("webhook: a 2 MB response", HttpMethod.POST, "/webhook", JSON,
						Webhooks.humanContactCompleted("{question}", "{questionCall}", TWO_MEGABYTES), 400,
						INVALID_WEBHOOK),
				row("webhook: a 2 MB rejection comment", HttpMethod.POST, "/webhook", JSON,
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", false, TWO_MEGABYTES), 400,
						INVALID_WEBHOOK),
				row("webhook: an unknown thread", HttpMethod.POST, "/webhook", JSON,
						Webhooks.humanContactCompleted("{unknown}", "{questionCall}", "use 8"), 404, THREAD_NOT_FOUND),
				row("webhook: a thread_id that is no UUID", HttpMethod.POST, "/webhook", JSON,
						Webhooks.humanContactCompleted("thr_8c1f2d", "{questionCall}", "use 8"), 404, THREAD_NOT_FOUND),
				row("webhook: the wrong call_id", HttpMethod.POST, "/webhook", JSON,
						Webhooks.humanContactCompleted("{question}", "human_call-other", "use 8"), 409,
						CALL_NOT_PENDING),
				row("webhook: another thread's call_id", HttpMethod.POST, "/webhook", JSON,
						Webhooks.functionCallCompleted("{question}", "{approvalCall}", true, null), 409,
						CALL_NOT_PENDING),
				row("webhook: the wrong kind", HttpMethod.POST, "/webhook", JSON,
						Webhooks.functionCallCompleted("{question}", "{questionCall}", true, null), 409,
						CALL_NOT_PENDING),
				row("webhook: a running thread", HttpMethod.POST, "/webhook", JSON,
						Webhooks.humanContactCompleted("{running}", "human_call-1", "use 8"), 409, CALL_NOT_PENDING),
				row("webhook: a failed thread", HttpMethod.POST, "/webhook", JSON,
						Webhooks.humanContactCompleted("{failed}", "human_call-1", "use 8"), 409, CALL_NOT_PENDING),
				row("webhook: a missing signature", HttpMethod.POST, "/webhook", JSON,
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", true, null), Auth.NONE, 401,
						INVALID_SIGNATURE),
				row("webhook: a forged signature", HttpMethod.POST, "/webhook", JSON,
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", true, null), Auth.FORGED, 401,
						INVALID_SIGNATURE),
				row("webhook: an expired signature", HttpMethod.POST, "/webhook", JSON,
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", true, null), Auth.EXPIRED, 401,
						INVALID_SIGNATURE),
				row("webhook: the signature of another body", HttpMethod.POST, "/webhook", JSON,
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", true, null), Auth.OTHER_BODY,
						401, INVALID_SIGNATURE),
				row("webhook: a timestamp that is no number", HttpMethod.POST, "/webhook", JSON,
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", true, null), Auth.BAD_TIMESTAMP,
						401, INVALID_SIGNATURE),
				row("webhook: plain text", HttpMethod.POST, "/webhook", MediaType.TEXT_PLAIN, "approved", 415, BLANK),
				// the local inbox
				row("inbox: create a function call without call_id", HttpMethod.POST, INBOX + "/function_calls", JSON,
						"{\"run_id\":\"r\",\"spec\":{\"fn\":\"divide\",\"kwargs\":{}}}", 400, INVALID_REQUEST),
				row("inbox: create a function call without fn", HttpMethod.POST, INBOX + "/function_calls", JSON,
						"{\"run_id\":\"r\",\"call_id\":\"call-new\",\"spec\":{\"kwargs\":{}}}", 400, INVALID_REQUEST),
				row("inbox: create a function call that exists", HttpMethod.POST, INBOX + "/function_calls", JSON,
						"{\"run_id\":\"r\",\"call_id\":\"{approvalCall}\",\"spec\":{\"fn\":\"divide\",\"kwargs\":{}}}",
						409, "urn:problem-type:call-exists"),
				row("inbox: create a human contact without msg", HttpMethod.POST, INBOX + "/contact_requests", JSON,
						"{\"run_id\":\"r\",\"call_id\":\"human_call-new\",\"spec\":{}}", 400, INVALID_REQUEST),
				row("inbox: create a human contact from malformed JSON", HttpMethod.POST, INBOX + "/contact_requests",
						JSON, "{\"call_id\":", 400, BLANK),
				row("inbox: read an unknown function call", HttpMethod.GET, INBOX + "/function_calls/call-unknown",
						null, null, 404, CALL_NOT_FOUND),
				row("inbox: approve an unknown call", HttpMethod.POST,
						INBOX + "/agent/function_calls/call-unknown/respond", JSON, "{\"approved\":true}", 404,
						CALL_NOT_FOUND),
				row("inbox: a decision without approved", HttpMethod.POST,
						INBOX + "/agent/function_calls/{approvalCall}/respond", JSON, "{\"comment\":\"hm\"}", 400,
						INVALID_REQUEST),
				row("inbox: approved that is no boolean", HttpMethod.POST,
						INBOX + "/agent/function_calls/{approvalCall}/respond", JSON, "{\"approved\":\"maybe\"}", 400,
						BLANK),
				row("inbox: a second decision", HttpMethod.POST, INBOX + "/agent/function_calls/{answeredCall}/respond",
						JSON, "{\"approved\":false,\"comment\":\"no\"}", 409, "urn:problem-type:call-answered"),
				row("inbox: a reply to a function call", HttpMethod.POST,
						INBOX + "/agent/human_contacts/{approvalCall}/respond", JSON, "{\"response\":\"yes\"}", 404,
						CALL_NOT_FOUND),
				row("inbox: an empty reply", HttpMethod.POST, INBOX + "/agent/human_contacts/{questionCall}/respond",
						JSON, "{\"response\":\"\"}", 400, INVALID_REQUEST),
				row("inbox: a 2 MB reply", HttpMethod.POST, INBOX + "/agent/human_contacts/{questionCall}/respond",
						JSON, "{\"response\":\"" + TWO_MEGABYTES + "\"}", 400, INVALID_REQUEST),
				row("inbox: a 2 MB rejection comment", HttpMethod.POST,
						INBOX + "/agent/function_calls/{approvalCall}/respond", JSON,
						"{\"approved\":false,\"comment\":\"" + TWO_MEGABYTES + "\"}", 400, INVALID_REQUEST),
				row("inbox: a reply in plain text", HttpMethod.POST,
						INBOX + "/agent/human_contacts/{questionCall}/respond", MediaType.TEXT_PLAIN, "use 8", 415,
						BLANK),
				row("inbox: a reply without token", HttpMethod.POST,
						INBOX + "/agent/human_contacts/{questionCall}/respond", JSON, "{\"response\":\"use 8\"}",
						Auth.NONE, 401, UNAUTHORIZED),
				row("inbox: escalate without escalation_msg", HttpMethod.POST,
						INBOX + "/agent/function_calls/{approvalCall}/escalate_email", JSON, "{}", 400,
						INVALID_REQUEST),
				row("inbox: escalate an unknown call", HttpMethod.POST,
						INBOX + "/agent/human_contacts/human_call-unknown/escalate_email", JSON,
						"{\"escalation_msg\":\"please\"}", 404, CALL_NOT_FOUND),
				row("inbox: escalate with malformed JSON", HttpMethod.POST,
						INBOX + "/agent/human_contacts/{questionCall}/escalate_email", JSON, "{\"escalation_msg\"", 400,
						BLANK));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void aBadRequestGetsItsProblemResponseAndChangesNothing(Row row) {
		EntityExchangeResult<byte[]> result = send(row);

		ProblemAssert.assertProblem(result, row.status(), row.type(), this.json);
		assertThat(this.before.changedIn(snapshot())).as("changed threads").isEmpty();
	}

	private EntityExchangeResult<byte[]> send(Row row) {
		String body = (row.body() != null) ? resolve(row.body()) : null;
		RestTestClient.RequestBodySpec request = this.http.method(row.method()).uri(resolve(row.path()));
		request.headers((headers) -> row.auth().apply(headers, bytes(body)));
		if (row.contentType() != null) {
			request.contentType(row.contentType());
		}
		if (body != null) {
			request.body(body);
		}
		return request.exchange().expectBody(byte[].class).returnResult();
	}

	private StoreSnapshot snapshot() {
		return StoreSnapshot.of(this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).build(),
				this.threads);
	}

	private String resolve(String text) {
		String resolved = text;
		for (Map.Entry<String, String> name : this.names.entrySet()) {
			resolved = resolved.replace(name.getKey(), name.getValue());
		}
		return resolved;
	}

	private static byte[] bytes(String body) {
		return (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

	private static String message(String text) {
		return "{\"message\": \"" + text + "\"}";
	}

	private static Row row(String name, HttpMethod method, String path, MediaType contentType, String body, int status,
			String type) {
		Auth auth = path.startsWith("/webhook") ? Auth.SIGNED : Auth.TOKEN;
		return row(name, method, path, contentType, body, auth, status, type);
	}

	private static Row row(String name, HttpMethod method, String path, MediaType contentType, String body, Auth auth,
			int status, String type) {
		return new Row(name, method, path, contentType, body, auth, status, type);
	}

	/**
	 * One bad request: where it goes, what it sends, and the problem it must get.
	 */
	record Row(String name, HttpMethod method, String path, MediaType contentType, String body, Auth auth, int status,
			String type) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * What a request carries to show where it comes from: the API token for the thread
	 * API and the inbox, a signature for a webhook, or something wrong instead.
	 */
	enum Auth {

		TOKEN {
			@Override
			void apply(HttpHeaders headers, byte[] body) {
				headers.setBearerAuth(BadRequestTests.TOKEN);
			}
		},

		WRONG_TOKEN {
			@Override
			void apply(HttpHeaders headers, byte[] body) {
				headers.setBearerAuth("not-" + BadRequestTests.TOKEN);
			}
		},

		SIGNED {
			@Override
			void apply(HttpHeaders headers, byte[] body) {
				signature.headers("msg_" + UUID.randomUUID(), body).forEach(headers::set);
			}
		},

		FORGED {
			@Override
			void apply(HttpHeaders headers, byte[] body) {
				forger.headers("msg_" + UUID.randomUUID(), body).forEach(headers::set);
			}
		},

		EXPIRED {
			@Override
			void apply(HttpHeaders headers, byte[] body) {
				String id = "msg_" + UUID.randomUUID();
				long tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
				headers.set(Signer.ID_HEADER, id);
				headers.set(Signer.TIMESTAMP_HEADER, Long.toString(tenMinutesAgo));
				headers.set(Signer.SIGNATURE_HEADER, signature.sign(id, tenMinutesAgo, body));
			}
		},

		OTHER_BODY {
			@Override
			void apply(HttpHeaders headers, byte[] body) {
				signature.headers("msg_" + UUID.randomUUID(), bytes("{\"type\":\"other\"}")).forEach(headers::set);
			}
		},

		BAD_TIMESTAMP {
			@Override
			void apply(HttpHeaders headers, byte[] body) {
				signature.headers("msg_" + UUID.randomUUID(), body).forEach(headers::set);
				headers.set(Signer.TIMESTAMP_HEADER, "yesterday");
			}
		},

		NONE {
			@Override
			void apply(HttpHeaders headers, byte[] body) {
			}
		};

		abstract void apply(HttpHeaders headers, byte[] body);

	}

}
