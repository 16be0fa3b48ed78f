package dev.twelvefactor.agentservice.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local inbox as an SDK user meets it, with its webhooks going to another program
 * ({@code INBOX_WEBHOOK_URL}): every field of HumanLayer's FunctionCall, HumanContact and
 * their statuses comes back unchanged on create, on GET, in the pending lists and in the
 * webhook's {@code event}; an answer stands even when the webhook refuses it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class InboxFidelityTests {

	private static final String INBOX = ServiceClient.INBOX;

	@RegisterExtension
	static WireMockExtension receiver = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@DynamicPropertySource
	static void webhookUrl(DynamicPropertyRegistry registry) {
		registry.add("agent.inbox.webhook-url", () -> receiver.baseUrl() + "/hooks/humanlayer");
	}

	@Autowired
	private RestTestClient http;

	@Autowired
	private JsonMapper json;

	@BeforeEach
	void acceptWebhooks() {
		receiver.stubFor(post("/hooks/humanlayer").willReturn(ok("{\"status\":\"ok\"}")));
	}

	@Test
	void everyFieldOfAFunctionCallAndItsRejectionRoundTrips() throws IOException {
		String callId = "call-" + UUID.randomUUID();
		ObjectNode sent = fixture("sdk-function-call.json", callId);

		JsonNode created = exchange(send("/function_calls", sent), HttpStatus.OK);

		assertThat(withoutStatus(created)).isEqualTo(withoutStatus(sent));
		assertThat(created.get("status").propertyNames()).containsExactly("requested_at");
		assertThat(read("/function_calls/" + callId)).isEqualTo(created);
		assertThat(listed("function_calls", callId)).isEqualTo(created);

		ObjectNode decision = this.json.createObjectNode()
			.put("approved", false)
			.put("comment", "the amount should be 1205.50")
			.put("reject_option_name", "wrong_amount");
		decision.putObject("user_info").put("email", "finance@example.com").put("name", "Fin");
		decision.put("slack_message_ts", "1717171718.000100");
		JsonNode answered = exchange(send("/agent/function_calls/" + callId + "/respond", decision), HttpStatus.OK);

		JsonNode status = answered.get("status");
		assertThat(status.get("requested_at")).isEqualTo(created.get("status").get("requested_at"));
		assertThat(status.get("responded_at").asString()).isNotBlank();
		for (String field : List.of("approved", "comment", "reject_option_name", "user_info", "slack_message_ts")) {
			assertThat(status.get(field)).as(field).isEqualTo(decision.get(field));
		}
		assertThat(withoutStatus(answered)).isEqualTo(withoutStatus(sent));
		JsonNode delivery = delivered(callId);
		assertThat(delivery.get("type").asString()).isEqualTo("function_call.completed");
		assertThat(delivery.get("event")).isEqualTo(answered);
		assertThat(read("/function_calls/" + callId)).isEqualTo(answered);
	}

	@Test
	void everyFieldOfAHumanContactAndItsReplyRoundTrips() throws IOException {
		String callId = "human_call-" + UUID.randomUUID();
		ObjectNode sent = fixture("sdk-human-contact.json", callId);

		JsonNode created = exchange(send("/contact_requests", sent), HttpStatus.OK);

		assertThat(withoutStatus(created)).isEqualTo(withoutStatus(sent));
		assertThat(read("/contact_requests/" + callId)).isEqualTo(created);
		assertThat(listed("human_contacts", callId)).isEqualTo(created);

		ObjectNode reply = this.json.createObjectNode()
			.put("response", "hold it until Monday")
			.put("response_option_name", "hold");
		reply.putObject("user_info").put("email", "finance@example.com");
		JsonNode answered = exchange(send("/agent/human_contacts/" + callId + "/respond", reply), HttpStatus.OK);

		assertThat(answered.get("status").get("response").asString()).isEqualTo("hold it until Monday");
		assertThat(answered.get("status").get("response_option_name").asString()).isEqualTo("hold");
		assertThat(answered.get("status").get("user_info")).isEqualTo(reply.get("user_info"));
		assertThat(withoutStatus(answered)).isEqualTo(withoutStatus(sent));
		JsonNode delivery = delivered(callId);
		assertThat(delivery.get("type").asString()).isEqualTo("human_contact.completed");
		assertThat(delivery.get("event")).isEqualTo(answered);
		assertThat(read("/contact_requests/" + callId)).isEqualTo(answered);
	}

	@Test
	void smsWhatsappAndV1Beta3ChannelsComeBackAsSent() {
		for (String channel : List.of(
				"{\"sms\":{\"phone_number\":\"+15555550100\",\"context_about_user\":\"on call\"}}",
				"{\"whatsapp\":{\"phone_number\":\"+15555550101\",\"context_about_user\":null}}",
				"{\"channel_id\":42}")) {
			String callId = "human_call-" + UUID.randomUUID();
			ObjectNode sent = (ObjectNode) this.json.readTree("{\"run_id\":\"r\",\"call_id\":\"" + callId
					+ "\",\"spec\":{\"msg\":\"Ready?\",\"channel\":" + channel + "}}");

			exchange(send("/contact_requests", sent), HttpStatus.OK);

			assertThat(read("/contact_requests/" + callId).get("spec")).isEqualTo(sent.get("spec"));
		}
	}

	@Test
	void anAnswerTheWebhookRefusesStandsAndTheRefusalShowsOnTheCall() throws IOException {
		receiver.stubFor(post("/hooks/humanlayer")
			.willReturn(aResponse().withStatus(404).withBody("{\"error\":\"thread not found\"}")));
		String callId = "call-" + UUID.randomUUID();
		exchange(send("/function_calls", fixture("sdk-function-call.json", callId)), HttpStatus.OK);

		JsonNode answered = exchange(send("/agent/function_calls/" + callId + "/respond",
				this.json.createObjectNode().put("approved", true)), HttpStatus.OK);

		assertThat(answered.get("status").get("approved").asBoolean()).isTrue();
		assertThat(answered.get("webhook_error").asString()).contains("404");
		JsonNode read = read("/function_calls/" + callId);
		assertThat(read.get("status").get("approved").asBoolean()).isTrue();
		assertThat(read.get("webhook_error").asString()).contains("404");
		assertThat(pendingIds("function_calls")).doesNotContain(callId);
		exchange(send("/agent/function_calls/" + callId + "/respond",
				this.json.createObjectNode().put("approved", false).put("comment", "no")), HttpStatus.CONFLICT);
	}

	@Test
	void anOptionTheCallDoesNotOfferIsRefusedAndChangesNothing() throws IOException {
		String callId = "human_call-" + UUID.randomUUID();
		JsonNode created = exchange(send("/contact_requests", fixture("sdk-human-contact.json", callId)),
				HttpStatus.OK);

		JsonNode problem = exchange(
				send("/agent/human_contacts/" + callId + "/respond",
						this.json.createObjectNode().put("response", "later").put("response_option_name", "later")),
				HttpStatus.BAD_REQUEST);

		assertThat(problem.get("type").asString()).isEqualTo("urn:problem-type:invalid-request");
		assertThat(problem.get("detail").asString()).contains("send", "hold");
		assertThat(read("/contact_requests/" + callId)).isEqualTo(created);
	}

	private ObjectNode fixture(String name, String callId) throws IOException {
		String text = new ClassPathResource(name, getClass()).getContentAsString(StandardCharsets.UTF_8);
		return (ObjectNode) this.json.readTree(text.replace("CALL_ID", callId));
	}

	private static JsonNode withoutStatus(JsonNode call) {
		ObjectNode copy = (ObjectNode) call.deepCopy();
		copy.remove("status");
		return copy;
	}

	/** The one webhook delivered for the call, as the receiver got it. */
	private JsonNode delivered(String callId) {
		List<JsonNode> deliveries = receiver.findAll(postRequestedFor(urlEqualTo("/hooks/humanlayer")))
			.stream()
			.map(LoggedRequest::getBodyAsString)
			.map(this.json::readTree)
			.filter((body) -> callId.equals(body.path("event").path("call_id").asString()))
			.toList();
		assertThat(deliveries).hasSize(1);
		return deliveries.get(0);
	}

	private RestTestClient.RequestHeadersSpec<?> send(String path, JsonNode body) {
		return this.http.post().uri(INBOX + path).contentType(MediaType.APPLICATION_JSON).body(body.toString());
	}

	private static JsonNode exchange(RestTestClient.RequestHeadersSpec<?> request, HttpStatus expected) {
		EntityExchangeResult<JsonNode> result = request.exchange().expectBody(JsonNode.class).returnResult();
		assertThat(result.getStatus().value()).as(String.valueOf(result.getResponseBody())).isEqualTo(expected.value());
		return result.getResponseBody();
	}

	private JsonNode read(String path) {
		return exchange(this.http.get().uri(INBOX + path), HttpStatus.OK);
	}

	private JsonNode listed(String kind, String callId) {
		for (JsonNode call : read("/agent/" + kind + "/pending")) {
			if (callId.equals(call.get("call_id").asString())) {
				return call;
			}
		}
		throw new AssertionError("No pending call " + callId);
	}

	private List<String> pendingIds(String kind) {
		return read("/agent/" + kind + "/pending").findValuesAsString("call_id");
	}

}
