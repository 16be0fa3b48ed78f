package dev.twelvefactor.agentservice.flow;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads that begin outside the API, with HumanLayer cloud: a V1Beta3 conversation, an
 * email and a Slack message each begin a thread, whose requests go back where the message
 * came from (the exact bodies HumanLayer receives are checked), and whose answers resume
 * it.
 */
@HumanLayerCloudTest
class InboundTests {

	private static final String API = HumanLayerCloud.API;

	private static final WireMockServer humanLayer = HumanLayerCloud.server();

	private static final String QUESTION = "can you multiply 3 and fe1iiaff10";

	@Autowired
	private RestTestClient http;

	@Autowired
	private JsonMapper json;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		HumanLayerCloud.reset();
		this.service = new ServiceClient(this.http);
		humanLayer.stubFor(post(API + "/function_calls").willReturn(okJson("{}")));
		humanLayer.stubFor(post(API + "/contact_requests").willReturn(okJson("{}")));
	}

	/**
	 * Whatever a test made the service send, every body is one of HumanLayer's types: no
	 * field the SDKs do not define, none missing that they require, each of its JSON
	 * type.
	 */
	@AfterEach
	void everyRequestSentIsOneOfHumanLayersTypes() {
		assertThat(HumanLayerTypes.violationsOfRequests(humanLayer.findAll(postRequestedFor(urlMatching(API + "/.*")))))
			.isEmpty();
	}

	@Test
	void aConversationAtTheTemplatesPathBeginsAThreadThatAsksOnItsContactChannelAndAV1Beta3AnswerResumesIt() {
		String body = """
				{"type":"conversation.created","is_test":false,
				 "event":{"user_message":"%s","contact_channel_id":42,"agent_name":"calc-agent"}}
				""".formatted(QUESTION);

		ServiceClient.Answer started = this.service.deliver("/api/v1/conversations", body, Map.of());

		String id = startedThread(started);
		JsonNode question = this.service.awaitStatus(id, "awaiting_human_response", 2);
		assertThat(question.get("events").get(0).get("origin")).isEqualTo(this.json.readTree("""
				{"source":"conversation","conversation":{"contact_channel_id":42,"agent_name":"calc-agent"}}"""));
		assertThat(question.get("channel")).isEqualTo(this.json.readTree("{\"channel_id\":42}"));
		String callId = ServiceClient.pendingCallId(question);
		assertThat(sent("/contact_requests", callId)).isEqualTo(this.json.readTree("""
				{"run_id":"12fa-agent","call_id":"%s",
				 "spec":{"msg":%s,"channel":{"channel_id":42},"state":{"thread_id":"%s"}}}
				""".formatted(callId, message(question, 1), id)));

		answer(id, callId, "lets try 12 instead", ",\"contact_channel_id\":42");

		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 6);
		assertThat(FlowTests.lines(done)).contains("human_response: lets try 12 instead", "tool_response: 36");
		String doneCall = ServiceClient.pendingCallId(done);
		assertThat(sent("/contact_requests", doneCall).at("/spec/channel"))
			.isEqualTo(this.json.readTree("{\"channel_id\":42}"));
	}

	@Test
	void anEmailBeginsAThreadWhoseApprovalAndMessagesReplyInTheSameEmailThread() {
		String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";

		ServiceClient.Answer started = this.service.webhook(email(messageId, "Numbers", "can you divide 3 by 4"));

		String id = startedThread(started);
		JsonNode approval = this.service.awaitStatus(id, "awaiting_approval", 2);
		assertThat(approval.get("events").get(0).get("origin")).isEqualTo(this.json.readTree("""
				{"source":"email","email":{"from_address":"user@example.com","to_address":"agent@humanlayer.dev",
				 "subject":"Numbers","message_id":"%s"}}""".formatted(messageId)));
		String channel = """
				{"email":{"address":"user@example.com","experimental_subject_line":"Re: Numbers",
				 "experimental_references_message_id":"%1$s","experimental_in_reply_to_message_id":"%1$s"}}
				""".formatted(messageId);
		String callId = ServiceClient.pendingCallId(approval);
		assertThat(sent("/function_calls", callId)).isEqualTo(this.json.readTree("""
				{"run_id":"12fa-agent","call_id":"%s",
				 "spec":{"fn":"divide","kwargs":{"a":3,"b":4},"channel":%s,
				         "reject_options":[{"name":"use another number","title":"use another number"},
				                           {"name":"not now","title":"not now"}],
				         "state":{"thread_id":"%s"}}}
				""".formatted(callId, channel, id)));

		humanLayer.stubFor(get(API + "/function_calls/" + callId)
			.willReturn(okJson(Webhooks.functionCall(id, callId, true, null))));
		assertThat(this.service.webhook(Webhooks.functionCallCompleted(id, callId, true, null)).status())
			.isEqualTo(HttpStatus.OK);

		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 4);
		assertThat(FlowTests.lines(done)).contains("tool_response: 0.75", "tool_call: done_for_now");
		String doneCall = ServiceClient.pendingCallId(done);
		assertThat(sent("/contact_requests", doneCall)).isEqualTo(this.json.readTree("""
				{"run_id":"12fa-agent","call_id":"%s",
				 "spec":{"msg":%s,"channel":%s,"state":{"thread_id":"%s"}}}
				""".formatted(doneCall, message(done, 3), channel, id)));
	}

	@Test
	void aSlackMessageBeginsAThreadThatAsksInTheSameSlackThreadAndTheAnswerResumesIt() {
		String ts = "1717171717." + (100000 + (int) (Math.random() * 800000));

		ServiceClient.Answer started = this.service.webhook(slack(ts, QUESTION));

		String id = startedThread(started);
		JsonNode question = this.service.awaitStatus(id, "awaiting_human_response", 2);
		assertThat(question.get("events").get(0).get("origin")).isEqualTo(this.json.readTree("""
				{"source":"slack","slack":{"channel_id":"C0123ABC","thread_ts":"%1$s","from_user_id":"U0456DEF",
				 "message_id":"%1$s"}}""".formatted(ts)));
		String callId = ServiceClient.pendingCallId(question);
		assertThat(sent("/contact_requests", callId)).isEqualTo(this.json.readTree("""
				{"run_id":"12fa-agent","call_id":"%s",
				 "spec":{"msg":%s,"channel":{"slack":{"channel_or_user_id":"C0123ABC","thread_ts":"%s"}},
				         "state":{"thread_id":"%s"}}}
				""".formatted(callId, message(question, 1), ts, id)));

		answer(id, callId, "lets try 12 instead", "");

		assertThat(FlowTests.lines(this.service.awaitStatus(id, "awaiting_human_response", 6)))
			.contains("human_response: lets try 12 instead", "tool_response: 36");
	}

	@Test
	void theSameEmailDeliveredTwiceBeginsOneThread() {
		String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
		String body = email(messageId, "Numbers", "can you divide 3 by 4");

		String first = startedThread(this.service.webhook(body, Map.of("webhook-id", "msg_" + UUID.randomUUID())));
		ServiceClient.Answer second = this.service.webhook(body, Map.of("webhook-id", "msg_" + UUID.randomUUID()));

		assertThat(second.status()).isEqualTo(HttpStatus.OK);
		assertThat(second.body().get("status").asString()).isEqualTo("duplicate");
		assertThat(second.body().get("thread_id").asString()).isEqualTo(first);
		this.service.awaitStatus(first, "awaiting_approval", 2);
		assertThat(threadsFrom("email", "message_id", messageId)).hasSize(1);
	}

	@Test
	void theSameSlackMessageDeliveredTwiceBeginsOneThread() {
		String ts = "1717171717." + (100000 + (int) (Math.random() * 800000));

		String first = startedThread(this.service.webhook(slack(ts, QUESTION)));
		ServiceClient.Answer second = this.service.webhook(slack(ts, QUESTION));

		assertThat(second.body().get("status").asString()).isEqualTo("duplicate");
		assertThat(second.body().get("thread_id").asString()).isEqualTo(first);
		assertThat(threadsFrom("slack", "message_id", ts)).hasSize(1);
	}

	@Test
	void theSameDeliveryIdTwiceBeginsOneConversation() {
		String body = """
				{"type":"conversation.created","is_test":false,
				 "event":{"user_message":"can you add 1 and 2","contact_channel_id":%d,"agent_name":"calc-agent"}}
				""".formatted(1000 + (long) (Math.random() * 1_000_000));
		Map<String, String> delivery = Map.of("webhook-id", "msg_" + UUID.randomUUID());

		String first = startedThread(this.service.webhook(body, delivery));
		ServiceClient.Answer second = this.service.webhook(body, delivery);

		assertThat(second.body().get("status").asString()).isEqualTo("duplicate");
		assertThat(second.body().get("thread_id").asString()).isEqualTo(first);
	}

	@Test
	void testDeliveriesBeginNoThread() {
		String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
		String testConversation = """
				{"type":"conversation.created","is_test":true,
				 "event":{"user_message":"hello","contact_channel_id":42,"agent_name":"calc-agent"}}""";
		String testEmail = email(messageId, "Test", "hello").replace("\"raw_email\"", "\"is_test\":true,\"raw_email\"");

		for (String body : List.of(testConversation, testEmail, slack("1.2", "hello").replace("false", "true"))) {
			ServiceClient.Answer answer = this.service.webhook(body);
			assertThat(answer.status()).isEqualTo(HttpStatus.OK);
			assertThat(answer.body().get("status").asString()).isEqualTo("ignored");
			assertThat(answer.body().has("thread_id")).isFalse();
		}
		assertThat(threadsFrom("email", "message_id", messageId)).isEmpty();
	}

	@Test
	void anEmailFromNoAddressIsRefusedAndBeginsNothing() {
		String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";

		this.service.webhook(email(messageId, "Numbers", "hello").replace("user@example.com", "not an address"))
			.assertProblem(HttpStatus.BAD_REQUEST, "urn:problem-type:invalid-webhook");

		assertThat(threadsFrom("email", "message_id", messageId)).isEmpty();
	}

	@Test
	void aThreadLaunchedWithASlackChannelAsksThere() {
		JsonNode launched = this.http.post()
			.uri("/thread")
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"message":"%s","channel":{"slack":{"channel_or_user_id":"U0456DEF",
					 "context_about_channel_or_user":"the user who asked"}}}""".formatted(QUESTION))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		String id = launched.get("thread_id").asString();

		JsonNode question = this.service.awaitStatus(id, "awaiting_human_response", 2);

		assertThat(sent("/contact_requests", ServiceClient.pendingCallId(question)).at("/spec/channel"))
			.isEqualTo(this.json.readTree(
					"""
							{"slack":{"channel_or_user_id":"U0456DEF","context_about_channel_or_user":"the user who asked"}}"""));
	}

	@Test
	void aThreadLaunchedWithoutAChannelAsksOnTheDefaultOne() {
		String id = this.service.launch(QUESTION);

		JsonNode question = this.service.awaitStatus(id, "awaiting_human_response", 2);

		assertThat(question.has("channel")).isFalse();
		assertThat(sent("/contact_requests", ServiceClient.pendingCallId(question)).at("/spec/channel"))
			.isEqualTo(this.json.readTree("{\"email\":{\"address\":\"ops@example.com\"}}"));
	}

	/**
	 * Answers a human contact as HumanLayer would: its record holds the reply, and the
	 * webhook delivers it, with the given extra fields in the event.
	 */
	private void answer(String threadId, String callId, String response, String extraEventFields) {
		humanLayer.stubFor(get(API + "/contact_requests/" + callId)
			.willReturn(okJson(Webhooks.humanContact(threadId, callId, response))));
		String body = Webhooks.humanContactCompleted(threadId, callId, response)
			.replace("\"run_id\"",
					extraEventFields.isEmpty() ? "\"run_id\"" : extraEventFields.substring(1) + ",\"run_id\"");
		ServiceClient.Answer answer = this.service.webhook(body);
		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.body().get("status").asString()).isEqualTo("applied");
	}

	private static String startedThread(ServiceClient.Answer started) {
		assertThat(started.status()).isEqualTo(HttpStatus.OK);
		assertThat(started.body().get("status").asString()).isEqualTo("started");
		return started.body().get("thread_id").asString();
	}

	/**
	 * The body HumanLayer received for a call, as JSON: the same on every try (a try
	 * whose answer was slow on a busy machine is sent again).
	 */
	private JsonNode sent(String path, String callId) {
		List<String> bodies = humanLayer.findAll(postRequestedFor(urlEqualTo(API + path)))
			.stream()
			.map(LoggedRequest::getBodyAsString)
			.filter((body) -> body.contains(callId))
			.distinct()
			.toList();
		assertThat(bodies).as("POST " + path + " for " + callId).hasSize(1);
		return this.json.readTree(bodies.get(0));
	}

	/**
	 * The model's message of a {@code tool_call} event, as a JSON string.
	 */
	private String message(JsonNode thread, int event) {
		return this.json.writeValueAsString(thread.get("events").get(event).get("data").get("message").asString());
	}

	private List<JsonNode> threadsFrom(String source, String field, String value) {
		JsonNode recent = this.http.get()
			.uri("/thread?limit=100")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		return StreamSupport.stream(recent.spliterator(), false)
			.map((summary) -> this.service.thread(summary.get("thread_id").asString()))
			.filter((thread) -> value.equals(thread.at("/events/0/origin/" + source + "/" + field).asString(null)))
			.toList();
	}

	/**
	 * An {@code agent_email.received} delivery, as HumanLayer's agent webhooks document
	 * it.
	 */
	private static String email(String messageId, String subject, String body) {
		return """
				{"type":"agent_email.received","is_test":false,
				 "event":{"from_address":"user@example.com","to_address":"agent@humanlayer.dev","subject":"%s",
				          "body":"%s","message_id":"%s","previous_thread":[],"raw_email":"(the raw email)"}}
				""".formatted(subject, body, messageId);
	}

	/**
	 * An {@code agent_slack.received} delivery of a message that begins a Slack thread.
	 */
	private static String slack(String ts, String content) {
		return """
				{"type":"agent_slack.received","is_test":false,
				 "event":{"thread_ts":"%1$s","channel_id":"C0123ABC",
				          "events":[{"from_user_id":"U0456DEF","channel_id":"C0123ABC","content":"%2$s",
				                     "message_id":"%1$s"}]}}
				""".formatted(ts, content);
	}

}
