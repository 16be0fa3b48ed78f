package dev.twelvefactor.agentservice.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.twelvefactor.agentservice.flow.ServiceClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.openAiReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The divide-approval flow of the chapter, end to end, with the OpenAI client talking to
 * a model whose replies are scripted, and the local inbox answering as the human.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class OpenAiFlowTests {

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final String INBOX = "/local/humanlayer/v1";

	private static final String OUT_OF_RANGE = "error \"the number in \\\"%s\\\" of %s is out of range: numbers have at "
			+ "most 1000 significant digits and an exponent from -1000 to 1000\"";

	@RegisterExtension
	static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@DynamicPropertySource
	static void useTheScriptedModel(DynamicPropertyRegistry registry) {
		registry.add("agent.llm.provider", () -> "openai");
		registry.add("agent.llm.fallback", () -> "");
		registry.add("agent.llm.openai.base-url", () -> model.baseUrl() + "/v1");
		registry.add("agent.llm.openai.api-key", () -> "sk-test");
		registry.add("agent.llm.openai.model", () -> "gpt-4o");
		registry.add("agent.llm.openai.response-format", () -> "json_schema");
	}

	@Autowired
	private RestTestClient http;

	private ServiceClient service;

	@BeforeEach
	void useTheService() {
		this.service = new ServiceClient(this.http);
	}

	@Test
	void aRejectedDivideIsCorrectedByTheModelThenApprovedAndRun() {
		model.stubFor(post(COMPLETIONS).inScenario("divide")
			.whenScenarioStateIs(STARTED)
			.willReturn(okJson(openAiReply("""
					{"reasoning": "The user asks to divide 3 by 4; divide needs approval.",
					 "next_step": {"intent": "divide", "a": 3, "b": 4}}""")))
			.willSetStateTo("divide 3 by 4 asked"));
		model.stubFor(post(COMPLETIONS).inScenario("divide")
			.whenScenarioStateIs("divide 3 by 4 asked")
			.withRequestBody(matchingJsonPath("$.messages[1].content", containing(
					"<tool_response>\nuser denied the operation with feedback: \"use 5 instead of 4\"\n</tool_response>")))
			.willReturn(okJson(openAiReply("""
					{"reasoning": "The user wants 5 instead of 4.",
					 "next_step": {"intent": "divide", "a": 3, "b": 5}}""")))
			.willSetStateTo("divide 3 by 5 asked"));
		model.stubFor(post(COMPLETIONS).inScenario("divide")
			.whenScenarioStateIs("divide 3 by 5 asked")
			.withRequestBody(
					matchingJsonPath("$.messages[1].content", containing("<tool_response>\n0.6\n</tool_response>")))
			.willReturn(okJson(openAiReply("""
					{"reasoning": "The division ran; I tell the user.",
					 "next_step": {"intent": "done_for_now", "message": "3 divided by 5 is 0.6."}}""")))
			.willSetStateTo("done"));

		String id = this.service.launch("can you divide 3 by 4");
		JsonNode approval = awaitThread(id, "awaiting_approval", 2);
		assertThat(events(approval)).containsExactly("user_input \"can you divide 3 by 4\"",
				"tool_call {\"intent\":\"divide\",\"a\":3,\"b\":4}");

		approve(callId(approval), Map.of("approved", false, "comment", "use 5 instead of 4"));
		JsonNode retried = awaitThread(id, "awaiting_approval", 4);
		assertThat(events(retried)).containsExactly("user_input \"can you divide 3 by 4\"",
				"tool_call {\"intent\":\"divide\",\"a\":3,\"b\":4}",
				"tool_response \"user denied the operation with feedback: \\\"use 5 instead of 4\\\"\"",
				"tool_call {\"intent\":\"divide\",\"a\":3,\"b\":5}");

		approve(callId(retried), Map.of("approved", true));
		JsonNode done = awaitThread(id, "awaiting_human_response", 6);
		assertThat(events(done)).containsExactly("user_input \"can you divide 3 by 4\"",
				"tool_call {\"intent\":\"divide\",\"a\":3,\"b\":4}",
				"tool_response \"user denied the operation with feedback: \\\"use 5 instead of 4\\\"\"",
				"tool_call {\"intent\":\"divide\",\"a\":3,\"b\":5}", "tool_response 0.6",
				"tool_call {\"intent\":\"done_for_now\",\"message\":\"3 divided by 5 is 0.6.\"}");
		model.verify(3, postRequestedFor(urlEqualTo(COMPLETIONS)));
	}

	@Test
	void aHugeExponentFromTheModelIsAnErrorItReadsAndTheThreadStaysSmallAndReadable() {
		model.stubFor(post(COMPLETIONS).willReturn(okJson(openAiReply("""
				{"reasoning": "Large.", "next_step": {"intent": "multiply", "a": "1e999999999", "b": 2}}"""))));

		String id = this.service.launch("multiply a googolplex-ish number by 2");
		JsonNode failed = awaitThread(id, "failed", 4);

		assertThat(events(failed)).containsExactly("user_input \"multiply a googolplex-ish number by 2\"",
				OUT_OF_RANGE.formatted("a", "multiply"), OUT_OF_RANGE.formatted("a", "multiply"),
				OUT_OF_RANGE.formatted("a", "multiply"));
		assertThat(failed.get("failure").get("step").asString()).isEqualTo("loop_limit");
		assertThat(failed.toString()).hasSizeLessThan(2_000);
		model.verify(3, postRequestedFor(urlEqualTo(COMPLETIONS)));
		model.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS))
			.withRequestBody(matchingJsonPath("$.messages[1].content", containing("is out of range"))));
	}

	@Test
	void aDivideWithAHugeExponentIsNeitherRecordedNorSentForApproval() {
		model.stubFor(post(COMPLETIONS).willReturn(okJson(openAiReply("""
				{"reasoning": "Large.", "next_step": {"intent": "divide", "a": 3, "b": "1e100000"}}"""))));

		String id = this.service.launch("divide 3 by a huge number");
		JsonNode failed = awaitThread(id, "failed", 4);

		assertThat(events(failed)).containsExactly("user_input \"divide 3 by a huge number\"",
				OUT_OF_RANGE.formatted("b", "divide"), OUT_OF_RANGE.formatted("b", "divide"),
				OUT_OF_RANGE.formatted("b", "divide"));
		assertThat(failed.toString()).hasSizeLessThan(2_000);
		assertThat(this.http.get()
			.uri(INBOX + "/agent/function_calls/pending")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()).doesNotContain(id);
	}

	private JsonNode awaitThread(String id, String status, int events) {
		return this.service.awaitThread(id, ServiceClient.reached(status, events), Duration.ofSeconds(10));
	}

	/**
	 * Answers a function call in the inbox once it is there: a thread records the call
	 * before it sends it.
	 */
	private void approve(String callId, Map<String, Object> decision) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.http.get()
				.uri(INBOX + "/agent/function_calls/pending")
				.exchange()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody()
				.findValuesAsString("call_id")
				.contains(callId));
		this.http.post()
			.uri(INBOX + "/agent/function_calls/{id}/respond", callId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(decision)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static String callId(JsonNode thread) {
		return thread.get("waiting_for").get("call_id").asString();
	}

	/**
	 * Each event as its type and its data in JSON.
	 */
	private static List<String> events(JsonNode thread) {
		List<String> events = new ArrayList<>();
		for (JsonNode event : thread.get("events")) {
			events.add(event.get("type").asString() + " " + event.get("data"));
		}
		return events;
	}

}
