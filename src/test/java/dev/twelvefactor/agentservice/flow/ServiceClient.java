package dev.twelvefactor.agentservice.flow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the running service over HTTP the way a client and a person in the inbox would;
 * public for the flow tests of other packages.
 */
public class ServiceClient {

	static final String INBOX = "/local/humanlayer/v1";

	private final RestTestClient http;

	public ServiceClient(RestTestClient http) {
		this.http = http;
	}

	public String launch(String message) {
		return launch(Map.of("message", message));
	}

	/**
	 * Launches a thread with a body of the caller's, such as one that names a channel.
	 * @param body the launch request
	 * @return the thread's id
	 */
	String launch(Map<String, Object> body) {
		JsonNode launched = this.http.post()
			.uri("/thread")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueMatches("Location", "/thread/[0-9a-f-]{36}")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(launched.get("status").asString()).isEqualTo("processing");
		return launched.get("thread_id").asString();
	}

	JsonNode thread(String id) {
		return this.http.get()
			.uri("/thread/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * Waits until the thread has paused with the given status and at least the given
	 * number of events, and the request it waits for (if any) has reached the inbox,
	 * where it can be answered.
	 */
	JsonNode awaitStatus(String id, String status, int minimumEvents) {
		return awaitThread(id, reached(status, minimumEvents)
			.and((thread) -> !thread.has("waiting_for") || thread.get("waiting_for").has("sent_at")));
	}

	/**
	 * Whether a thread has the given status and at least the given number of events.
	 * @param status such as {@code awaiting_approval}
	 * @param minimumEvents the fewest events
	 * @return the condition
	 */
	public static Predicate<JsonNode> reached(String status, int minimumEvents) {
		return (thread) -> status.equals(thread.get("status").asString())
				&& thread.get("events").size() >= minimumEvents;
	}

	JsonNode awaitThread(String id, Predicate<JsonNode> condition) {
		return awaitThread(id, condition, Duration.ofSeconds(10));
	}

	/**
	 * Reads the thread until it meets the condition.
	 * @param id the thread
	 * @param condition what to wait for
	 * @param atMost how long, at most
	 * @return the thread as last read
	 */
	public JsonNode awaitThread(String id, Predicate<JsonNode> condition, Duration atMost) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> {
			last[0] = thread(id);
			return condition.test(last[0]);
		});
		return last[0];
	}

	/**
	 * The ids of the hundred threads begun last, as {@code GET /thread} lists them.
	 */
	List<String> recentThreadIds() {
		return this.http.get()
			.uri("/thread?limit=100")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.findValuesAsString("thread_id");
	}

	static String pendingCallId(JsonNode thread) {
		return thread.get("waiting_for").get("call_id").asString();
	}

	JsonNode reply(String callId, String response) {
		return respond("/agent/human_contacts/{id}/respond", callId, Map.of("response", response));
	}

	JsonNode approve(String callId) {
		return respond("/agent/function_calls/{id}/respond", callId, Map.of("approved", true));
	}

	JsonNode reject(String callId, String comment) {
		return respond("/agent/function_calls/{id}/respond", callId, Map.of("approved", false, "comment", comment));
	}

	private JsonNode respond(String path, String callId, Map<String, Object> body) {
		return this.http.post()
			.uri(INBOX + path, callId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	JsonNode pending(String kind) {
		return this.http.get()
			.uri(INBOX + "/agent/{kind}/pending", kind)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * Posts a raw webhook body and returns the status and body of the answer.
	 */
	Answer webhook(String body) {
		return webhook(body, Map.of());
	}

	/**
	 * Posts a raw webhook body with extra headers, such as a Standard Webhooks signature.
	 */
	Answer webhook(String body, Map<String, String> headers) {
		return deliver("/webhook", body, headers);
	}

	/**
	 * Posts a raw webhook body to the given path, with extra headers.
	 */
	Answer deliver(String path, String body, Map<String, String> headers) {
		var result = this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.headers((all) -> headers.forEach(all::set))
			.body(body)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult();
		return new Answer(HttpStatus.valueOf(result.getStatus().value()), result.getResponseBody(),
				result.getResponseHeaders().getContentType());
	}

	record Answer(HttpStatus status, JsonNode body, MediaType contentType) {

		/**
		 * Asserts a problem response of the given status and type.
		 */
		void assertProblem(HttpStatus status, String type) {
			assertThat(status()).isEqualTo(status);
			assertThat(contentType()).isNotNull();
			assertThat(contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
			assertThat(body().get("type").asString()).isEqualTo(type);
			assertThat(body().get("status").asInt()).isEqualTo(status.value());
			assertThat(body().get("detail").asString()).isNotBlank();
		}

	}

}
