package dev.twelvefactor.agentservice.flow;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chapter's flows, end to end over HTTP: the running app, its offline planner and its
 * local inbox, which answers with real webhooks.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class FlowTests {

	@Autowired
	private RestTestClient http;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		this.service = new ServiceClient(this.http);
	}

	@Test
	void aReplyToDoneForNowContinuesTheThread() {
		String id = this.service.launch("can you multiply 3 and 4?");
		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 4);
		assertThat(done.get("waiting_for").get("kind").asString()).isEqualTo("human_contact");
		assertThat(lines(done)).containsExactly("user_input: can you multiply 3 and 4?", "tool_call: multiply 3 4",
				"tool_response: 12", "tool_call: done_for_now");
		assertThat(message(done, 3)).contains("12");

		this.service.reply(ServiceClient.pendingCallId(done), "now add 5 to that");

		JsonNode continued = this.service.awaitStatus(id, "awaiting_human_response", 8);
		assertThat(lines(continued)).containsExactly("user_input: can you multiply 3 and 4?", "tool_call: multiply 3 4",
				"tool_response: 12", "tool_call: done_for_now", "human_response: now add 5 to that",
				"tool_call: add 12 5", "tool_response: 17", "tool_call: done_for_now");
		assertThat(message(continued, 7)).contains("17");
		assertThat(ServiceClient.pendingCallId(continued)).isNotEqualTo(ServiceClient.pendingCallId(done));
	}

	@Test
	void aGarbledOperandIsClarifiedByAWebhookAnswer() {
		String id = this.service.launch("can you multiply 3 and fe1iiaff10");
		JsonNode question = this.service.awaitStatus(id, "awaiting_human_response", 2);
		assertThat(lines(question)).containsExactly("user_input: can you multiply 3 and fe1iiaff10",
				"tool_call: request_more_information");
		assertThat(message(question, 1)).contains("fe1iiaff10");

		ServiceClient.Answer answer = this.service
			.webhook(Webhooks.humanContactCompleted(id, ServiceClient.pendingCallId(question), "lets try 12 instead"));
		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.body().get("status").asString()).isEqualTo("applied");

		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 6);
		assertThat(lines(done)).containsExactly("user_input: can you multiply 3 and fe1iiaff10",
				"tool_call: request_more_information", "human_response: lets try 12 instead",
				"tool_call: multiply 3 12", "tool_response: 36", "tool_call: done_for_now");
		assertThat(message(done, 5)).contains("36");
	}

	@Test
	void aRejectedDivideIsCorrectedThenApprovedAndRun() {
		String id = this.service.launch("can you divide 3 by 4");
		JsonNode approval = this.service.awaitStatus(id, "awaiting_approval", 2);
		assertThat(approval.get("waiting_for").get("kind").asString()).isEqualTo("function_call");
		assertThat(approval.get("waiting_for").propertyNames()).containsExactly("call_id", "kind", "since", "sent_at",
				"sent_on");
		JsonNode pending = this.service.pending("function_calls");
		JsonNode call = find(pending, ServiceClient.pendingCallId(approval));
		assertThat(call.get("spec").get("fn").asString()).isEqualTo("divide");
		assertThat(call.get("spec").get("kwargs").get("a").asInt()).isEqualTo(3);
		assertThat(call.get("spec").get("kwargs").get("b").asInt()).isEqualTo(4);
		assertThat(call.get("spec").get("state").get("thread_id").asString()).isEqualTo(id);

		this.service.reject(ServiceClient.pendingCallId(approval), "use 5 instead of 4");

		JsonNode retried = this.service.awaitStatus(id, "awaiting_approval", 4);
		assertThat(lines(retried)).containsExactly("user_input: can you divide 3 by 4", "tool_call: divide 3 4",
				"tool_response: user denied the operation with feedback: \"use 5 instead of 4\"",
				"tool_call: divide 3 5");

		this.service.approve(ServiceClient.pendingCallId(retried));

		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 6);
		assertThat(lines(done)).containsExactly("user_input: can you divide 3 by 4", "tool_call: divide 3 4",
				"tool_response: user denied the operation with feedback: \"use 5 instead of 4\"",
				"tool_call: divide 3 5", "tool_response: 0.6", "tool_call: done_for_now");
		assertThat(message(done, 5)).contains("0.6");
		assertThat(this.service.pending("function_calls").findValues("call_id").stream().map(JsonNode::asString))
			.doesNotContain(ServiceClient.pendingCallId(approval), ServiceClient.pendingCallId(retried));
	}

	private static JsonNode find(JsonNode calls, String callId) {
		for (JsonNode call : calls) {
			if (callId.equals(call.get("call_id").asString())) {
				return call;
			}
		}
		throw new AssertionError("No call " + callId + " in " + calls);
	}

	private static String message(JsonNode thread, int index) {
		return thread.get("events").get(index).get("data").get("message").asString();
	}

	/**
	 * Each event in one line: its type, then its data, a tool call as its intent and
	 * numbers (messages left out, as the planner's wording may change).
	 */
	static List<String> lines(JsonNode thread) {
		List<String> lines = new ArrayList<>();
		for (JsonNode event : thread.get("events")) {
			JsonNode data = event.get("data");
			String text;
			if (data.isObject()) {
				text = data.get("intent").asString() + (data.has("a") ? " " + data.get("a").asString() : "")
						+ (data.has("b") ? " " + data.get("b").asString() : "");
			}
			else {
				text = data.asString();
			}
			lines.add(event.get("type").asString() + ": " + text);
		}
		return lines;
	}

}
