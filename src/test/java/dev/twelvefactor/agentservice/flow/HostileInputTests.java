package dev.twelvefactor.agentservice.flow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile client sends (issue 12): a request refused for what it accepts, a value
 * of the wrong JSON type, blank text in other scripts, oversized or malformed fields of a
 * webhook, and requests only a raw socket can send. Each gets a problem response and
 * changes no stored thread and no inbox call; an unsigned delivery learns nothing about
 * the thread it names.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTests {

	private static final String BLANK = ProblemAssert.BLANK;

	private static final String INVALID_WEBHOOK = "urn:problem-type:invalid-webhook";

	private static final String CALL_NOT_PENDING = "urn:problem-type:call-not-pending";

	private static final String INBOX = ServiceClient.INBOX;

	private static final MediaType XML = MediaType.APPLICATION_XML;

	private static final String NO_BREAK_SPACES = "\u00a0\u00a0\u202f\u2007";

	private static final String ONE_MEGABYTE = "x".repeat(1024 * 1024);

	@Autowired
	private RestTestClient http;

	@Autowired
	private ThreadStore threads;

	@Autowired
	private JsonMapper json;

	@LocalServerPort
	private int port;

	private final Map<String, String> names = new LinkedHashMap<>();

	private StoreSnapshot before;

	@BeforeAll
	void prepareThreadsPausedOnBothKinds() {
		ServiceClient service = new ServiceClient(this.http);
		String question = service.launch("can you multiply 3 and fe1iiaff10");
		String approval = service.launch("can you divide 3 by 4");
		this.names.put("{question}", question);
		this.names.put("{questionCall}",
				ServiceClient.pendingCallId(service.awaitStatus(question, "awaiting_human_response", 2)));
		this.names.put("{approval}", approval);
		this.names.put("{approvalCall}",
				ServiceClient.pendingCallId(service.awaitStatus(approval, "awaiting_approval", 2)));
		this.before = StoreSnapshot.of(this.http, this.threads);
	}

	static Stream<Row> hostileRequests() {
		return Stream.of(
				// 1. a client that accepts nothing the API answers is refused before
				// anything
				// happens
				row("launch accepting only XML", "/thread", "{\"message\":\"can you add 1 and 2\"}").accepting(XML)
					.answers(406, BLANK),
				row("message accepting only XML", "/thread/{question}/messages", "{\"message\":\"use 8\"}")
					.accepting(XML)
					.answers(406, BLANK),
				row("webhook accepting only XML", "/webhook",
						Webhooks.humanContactCompleted("{question}", "{questionCall}", "use 8"))
					.accepting(XML)
					.answers(406, BLANK),
				row("inbox approval accepting only XML", INBOX + "/agent/function_calls/{approvalCall}/respond",
						"{\"approved\":true}")
					.accepting(XML)
					.answers(406, BLANK),
				row("inbox reply accepting only text", INBOX + "/agent/human_contacts/{questionCall}/respond",
						"{\"response\":\"use 8\"}")
					.accepting(MediaType.TEXT_PLAIN)
					.answers(406, BLANK),
				// 2. a value of the wrong JSON type is refused, naming its field
				row("launch with a numeric message", "/thread", "{\"message\":123}").answers(400, BLANK)
					.naming("message"),
				row("launch with a boolean message", "/thread", "{\"message\":true}").answers(400, BLANK)
					.naming("message"),
				row("launch with a huge number as message", "/thread", "{\"message\":1e400}").answers(400, BLANK)
					.naming("message"),
				row("message with a numeric message", "/thread/{question}/messages", "{\"message\":8}")
					.answers(400, BLANK)
					.naming("message"),
				row("webhook approving with 1", "/webhook",
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", true, null)
							.replace("\"approved\":true", "\"approved\":1"))
					.answers(400, INVALID_WEBHOOK)
					.naming("status.approved"),
				row("webhook rejecting with \"false\"", "/webhook",
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", true, null)
							.replace("\"approved\":true", "\"approved\":\"false\""))
					.answers(400, INVALID_WEBHOOK)
					.naming("status.approved"),
				row("webhook with a numeric response", "/webhook",
						Webhooks.humanContactCompleted("{question}", "{questionCall}", "x")
							.replace("\"response\":\"x\"", "\"response\":8"))
					.answers(400, INVALID_WEBHOOK)
					.naming("status.response"),
				row("inbox approving with \"true\"", INBOX + "/agent/function_calls/{approvalCall}/respond",
						"{\"approved\":\"true\"}")
					.answers(400, BLANK)
					.naming("approved"),
				row("inbox approving with 1", INBOX + "/agent/function_calls/{approvalCall}/respond",
						"{\"approved\":1}")
					.answers(400, BLANK)
					.naming("approved"),
				row("inbox reply that is a number", INBOX + "/agent/human_contacts/{questionCall}/respond",
						"{\"response\":8}")
					.answers(400, BLANK)
					.naming("response"),
				row("inbox escalation_msg that is a number",
						INBOX + "/agent/human_contacts/{questionCall}/escalate_email", "{\"escalation_msg\":5}")
					.answers(400, BLANK)
					.naming("escalation_msg"),
				// 15. blank in any script is blank
				row("launch with no-break spaces", "/thread", "{\"message\":\"" + NO_BREAK_SPACES + "\"}").answers(400,
						BLANK),
				row("launch with an ideographic space and a line separator", "/thread",
						"{\"message\":\"\u3000\u2028\"}")
					.answers(400, BLANK),
				row("message with no-break spaces", "/thread/{question}/messages",
						"{\"message\":\"" + NO_BREAK_SPACES + "\"}")
					.answers(400, BLANK),
				// 6. a webhook's stored fields are bounded
				row("webhook with a 1 MB responded_at", "/webhook",
						Webhooks.humanContactCompleted("{question}", "{questionCall}", "use 8")
							.replace("2025-06-02T14:09:44.907Z", ONE_MEGABYTE))
					.answers(400, INVALID_WEBHOOK)
					.naming("status.responded_at"),
				row("webhook with a responded_at that is no time", "/webhook",
						Webhooks.functionCallCompleted("{approval}", "{approvalCall}", true, null)
							.replace("2025-06-02T14:05:02.310Z", "yesterday"))
					.answers(400, INVALID_WEBHOOK)
					.naming("status.responded_at"),
				row("webhook with a 1 MB user_info", "/webhook",
						Webhooks.humanContactCompleted("{question}", "{questionCall}", "use 8")
							.replace("\"response_option_name\":null",
									"\"user_info\":{\"note\":\"" + ONE_MEGABYTE + "\"}"))
					.answers(400, INVALID_WEBHOOK)
					.naming("status.user_info"),
				// 14. an unsigned delivery for the wrong call learns nothing of the
				// thread
				row("unsigned webhook for another call", "/webhook",
						Webhooks.humanContactCompleted("{question}", "human_call-other", "use 8"))
					.answers(409, CALL_NOT_PENDING)
					.hiding("{questionCall}", "thread_status", "awaiting_human_response"),
				row("unsigned webhook of the wrong kind", "/webhook",
						Webhooks.functionCallCompleted("{question}", "{questionCall}", true, null))
					.answers(409, CALL_NOT_PENDING)
					.hiding("thread_status", "awaiting_human_response", "human_contact"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRequests")
	void aHostileRequestGetsItsProblemAndChangesNothing(Row row) {
		EntityExchangeResult<byte[]> result = send(row);

		JsonNode problem = ProblemAssert.assertProblem(result, row.status(), row.type(), this.json);
		String body = new String(result.getResponseBody(), StandardCharsets.UTF_8);
		if (row.field() != null) {
			assertThat(problem.path("detail").asString()).as("detail").contains("\"" + row.field() + "\"");
		}
		for (String secret : row.hidden()) {
			assertThat(body).as("problem body").doesNotContain(resolve(secret));
		}
		assertThat(this.before.changedIn(StoreSnapshot.of(this.http, this.threads))).as("changed").isEmpty();
	}

	static Stream<RawRequest> rawRequests() {
		return Stream.of(
				new RawRequest("a URI with characters HTTP forbids", 400,
						"GET /thread/{x}|< HTTP/1.1\r\n" + "Host: localhost\r\nConnection: close\r\n\r\n"),
				new RawRequest("a chunked body with a malformed chunk size", 400,
						"POST /thread HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
								+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
				new RawRequest("headers larger than the server takes", 400,
						"GET /thread HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(64 * 1024)
								+ "\r\nConnection: close\r\n\r\n"),
				new RawRequest("a Content-Length no server can hold", 400,
						"POST /thread HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
								+ "Content-Length: 99999999999999999999999\r\nConnection: close\r\n\r\n{}"),
				new RawRequest("TRACE", 405, "TRACE /thread HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
				new RawRequest("the error page asked for directly", 404,
						"GET /error HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n"),
				new RawRequest("the error page posted to", 404,
						"POST /error HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rawRequests")
	void whatTheServerRefusesItselfIsAProblemToo(RawRequest request) throws IOException {
		String response = exchange(request.text());

		String head = response.substring(0, Math.max(response.indexOf("\r\n\r\n"), 0));
		String body = response.substring(response.indexOf("\r\n\r\n") + 4);
		assertThat(head).as("status line").startsWith("HTTP/1.1 " + request.status() + " ");
		assertThat(head.toLowerCase()).as("content type").contains("content-type: application/problem+json");
		JsonNode problem = this.json.readTree(dechunk(head, body));
		assertThat(problem.path("status").asInt()).isEqualTo(request.status());
		assertThat(this.before.changedIn(StoreSnapshot.of(this.http, this.threads))).as("changed").isEmpty();
	}

	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer and close before it read all of an oversized
				// request
			}
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.UTF_8);
		}
	}

	/**
	 * The body of a response sent in chunks, as one piece.
	 */
	private static String dechunk(String head, String body) {
		if (!head.toLowerCase().contains("transfer-encoding: chunked")) {
			return body;
		}
		StringBuilder whole = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = body.indexOf("\r\n", at);
			int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				return whole.toString();
			}
			whole.append(body, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

	private EntityExchangeResult<byte[]> send(Row row) {
		RestTestClient.RequestBodySpec request = this.http.method(HttpMethod.POST).uri(resolve(row.path()));
		request.contentType(MediaType.APPLICATION_JSON);
		if (row.accept() != null) {
			request.header(HttpHeaders.ACCEPT, row.accept().toString());
		}
		request.body(resolve(row.body()));
		return request.exchange().expectBody(byte[].class).returnResult();
	}

	private String resolve(String text) {
		String resolved = text;
		for (Map.Entry<String, String> name : this.names.entrySet()) {
			resolved = resolved.replace(name.getKey(), name.getValue());
		}
		return resolved;
	}

	private static Row row(String name, String path, String body) {
		return new Row(name, path, body, null, 0, null, null, new String[0]);
	}

	/**
	 * One hostile request and the problem it must get.
	 *
	 * @param name what it is, for the report
	 * @param path where it is posted, with {@code {names}} of the prepared threads
	 * @param body the JSON it posts
	 * @param accept the {@code Accept} header it sends, if any
	 * @param status the status it must get
	 * @param type the problem type it must get
	 * @param field the field the problem's detail must name, if any
	 * @param hidden what the problem body must not show
	 */
	record Row(String name, String path, String body, MediaType accept, int status, String type, String field,
			String[] hidden) {

		Row accepting(MediaType accept) {
			return new Row(this.name, this.path, this.body, accept, this.status, this.type, this.field, this.hidden);
		}

		Row answers(int status, String type) {
			return new Row(this.name, this.path, this.body, this.accept, status, type, this.field, this.hidden);
		}

		Row naming(String field) {
			return new Row(this.name, this.path, this.body, this.accept, this.status, this.type, field, this.hidden);
		}

		Row hiding(String... hidden) {
			return new Row(this.name, this.path, this.body, this.accept, this.status, this.type, this.field, hidden);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * A request as bytes on the wire, for what HTTP clients refuse to send.
	 *
	 * @param name what it is, for the report
	 * @param status the status it must get
	 * @param text the request
	 */
	record RawRequest(String name, int status, String text) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
