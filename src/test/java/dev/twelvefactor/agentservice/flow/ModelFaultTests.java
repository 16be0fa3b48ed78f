package dev.twelvefactor.agentservice.flow;

import java.time.Duration;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * An OpenAI-compatible model (WireMock) failing in each way it can: the thread fails at
 * the {@code model} step with the reason, and a retry once the model is back completes
 * the step.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agent.llm.provider=openai", "agent.llm.fallback=", "agent.llm.openai.api-key=sk-test",
				"agent.llm.openai.response-format=json_object", "agent.llm.timeout=300ms", "agent.llm.max-retries=2",
				"agent.http.retry.initial-backoff=10ms", "agent.http.retry.max-backoff=50ms" })
@AutoConfigureRestTestClient
class ModelFaultTests {

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final JsonMapper json = new JsonMapper();

	@RegisterExtension
	static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@DynamicPropertySource
	static void scriptedModel(DynamicPropertyRegistry registry) {
		registry.add("agent.llm.openai.base-url", () -> model.baseUrl() + "/v1");
	}

	@Autowired
	private RestTestClient http;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		this.service = new ServiceClient(this.http);
	}

	@ParameterizedTest
	@EnumSource(ModelFault.class)
	void aFaultFailsTheThreadAtTheModelStepAndRetryCompletesIt(ModelFault fault) {
		model.stubFor(post(COMPLETIONS).willReturn(fault.response()));
		String id = this.service.launch("can you multiply 3 and 4");

		JsonNode failed = this.service.awaitStatus(id, "failed", 1);
		assertThat(failed.get("failure").get("step").asString()).isEqualTo("model");
		assertThat(failed.get("failure").get("reason").asString()).contains("OpenAI-compatible model")
			.containsIgnoringCase(fault.reason);

		model.stubFor(post(COMPLETIONS).willReturn(doneForNow()));
		this.http.post().uri("/thread/{id}/retry", id).exchange().expectStatus().isAccepted();

		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 2);
		assertThat(FlowTests.lines(done)).containsExactly("user_input: can you multiply 3 and 4",
				"tool_call: done_for_now");
		assertThat(done.has("failure")).isFalse();
	}

	@Test
	void aTooManyRequestsWithRetryAfterIsWaitedOutAndTheThreadGoesOn() {
		model.stubFor(post(COMPLETIONS).inScenario("busy")
			.whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(429)
				.withHeader("Retry-After", "1")
				.withBody("{\"error\":{\"message\":\"Rate limit reached\"}}"))
			.willSetStateTo("free"));
		model.stubFor(post(COMPLETIONS).inScenario("busy").whenScenarioStateIs("free").willReturn(doneForNow()));
		String id = this.service.launch("can you multiply 3 and 4");

		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.service.thread(id).get("status").asString(), is("awaiting_human_response"));
		model.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)));
	}

	@Test
	void aRetryAfterTheErrorLimitGivesTheLoopAFreshBudget() {
		model.stubFor(post(COMPLETIONS).willReturn(reply("{\"next_step\": {\"intent\": \"power\", \"a\": 2}}")));
		String id = this.service.launch("can you multiply 3 and 4");
		JsonNode failed = this.service.awaitStatus(id, "failed", 4);
		assertThat(failed.get("failure").get("step").asString()).isEqualTo("loop_limit");

		model.stubFor(post(COMPLETIONS).willReturn(doneForNow()));
		this.http.post().uri("/thread/{id}/retry", id).exchange().expectStatus().isAccepted();

		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 5);
		assertThat(FlowTests.lines(done)).hasSize(5).endsWith("tool_call: done_for_now");
		assertThat(done.has("failure")).isFalse();
	}

	static ResponseDefinitionBuilder doneForNow() {
		return reply("{\"reasoning\": \"The model is back.\","
				+ " \"next_step\": {\"intent\": \"done_for_now\", \"message\": \"3 times 4 is 12.\"}}");
	}

	/**
	 * An OpenAI chat completion whose message says the given content.
	 */
	static ResponseDefinitionBuilder reply(String content) {
		return okJson(
				json.writeValueAsString(json.createObjectNode()
					.set("choices", json.createArrayNode()
						.add(json.createObjectNode()
							.set("message",
									json.createObjectNode().put("role", "assistant").put("content", content))))));
	}

	/**
	 * How the model fails, and what the thread's failure reason says.
	 */
	enum ModelFault {

		SERVER_ERROR("answered 500: The server had an error") {
			@Override
			ResponseDefinitionBuilder response() {
				return aResponse().withStatus(500)
					.withBody("{\"error\":{\"message\":\"The server had an error while processing your request.\"}}");
			}
		},

		HTML_ERROR_PAGE("answered 502: <html>") {
			@Override
			ResponseDefinitionBuilder response() {
				return aResponse().withStatus(502)
					.withHeader("Content-Type", "text/html")
					.withBody("<html><body><h1>502 Bad Gateway</h1></body></html>");
			}
		},

		GARBAGE("not its API's JSON") {
			@Override
			ResponseDefinitionBuilder response() {
				return aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json")
					.withBody("<html>surprise</html>");
			}
		},

		CONNECTION_RESET("could not be reached: java.net.SocketException") {
			@Override
			ResponseDefinitionBuilder response() {
				return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
			}
		},

		HANGING_PAST_THE_TIMEOUT("java.net.SocketTimeoutException") {
			@Override
			ResponseDefinitionBuilder response() {
				return okJson("{}").withFixedDelay(1500);
			}
		};

		private final String reason;

		ModelFault(String reason) {
			this.reason = reason;
		}

		abstract ResponseDefinitionBuilder response();

	}

}
