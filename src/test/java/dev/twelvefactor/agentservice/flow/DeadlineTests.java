package dev.twelvefactor.agentservice.flow;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An approval nobody gives: escalated once its first deadline passes, then recorded as
 * not given, which the planner reads and asks a person about.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agent.loop.deadlines.approval-escalate-after=200ms",
				"agent.loop.deadlines.approval-expire-after=1s", "agent.loop.deadlines.check-interval=50ms" })
@AutoConfigureRestTestClient
class DeadlineTests {

	@Autowired
	private RestTestClient http;

	@Test
	void anUnansweredApprovalIsEscalatedThenRecordedAsNotApprovedAndThePlannerAsksWhatToDo() {
		ServiceClient service = new ServiceClient(this.http);
		String id = service.launch("can you divide 3 by 4");
		String callId = ServiceClient.pendingCallId(service.awaitStatus(id, "awaiting_approval", 2));

		service.awaitThread(id, (thread) -> "sent".equals(thread.path("waiting_for").path("escalation").asString()));
		JsonNode pending = pendingCall(service, callId);
		assertThat(pending.get("escalation_msg").asString()).contains("No answer after PT0.2S");

		JsonNode asked = service.awaitStatus(id, "awaiting_human_response", 4);
		JsonNode expiry = asked.get("events").get(2);
		assertThat(expiry.get("type").asString()).isEqualTo("tool_response");
		assertThat(expiry.get("data").asString()).isEqualTo("the operation was not approved: no answer in time");
		assertThat(expiry.get("respondent").get("channel").asString()).isEqualTo("deadline");
		assertThat(expiry.get("respondent").get("call_id").asString()).isEqualTo(callId);
		JsonNode question = asked.get("events").get(3).get("data");
		assertThat(question.get("intent").asString()).isEqualTo("request_more_information");
		assertThat(question.get("message").asString()).startsWith("Nobody approved 3 / 4 in time");
	}

	private static JsonNode pendingCall(ServiceClient service, String callId) {
		for (JsonNode call : service.pending("function_calls")) {
			if (callId.equals(call.get("call_id").asString())) {
				return call;
			}
		}
		throw new AssertionError("The inbox lists no pending function call " + callId);
	}

}
