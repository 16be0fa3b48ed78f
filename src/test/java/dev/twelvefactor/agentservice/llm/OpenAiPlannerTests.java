package dev.twelvefactor.agentservice.llm;

import java.math.BigDecimal;
import java.time.Duration;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.twelvefactor.agentservice.agent.InvalidNextStep;
import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.Calculation;
import dev.twelvefactor.agentservice.llm.LlmProperties.ResponseFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.MAX_RETRIES;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.fixture;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.openAiReply;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.thread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OpenAiPlanner} against a server that answers as OpenAI does.
 */
class OpenAiPlannerTests {

	private static final String KEY = "sk-test-0123456789";

	private static final String PATH = "/v1/chat/completions";

	@RegisterExtension
	static WireMockExtension openAi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@Test
	void theStepIsReadFromTheFirstChoicesMessageContent() {
		openAi.stubFor(post(PATH).willReturn(okJson(fixture("openai-chat-completion.json"))));
		assertThat(planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?")))
			.isEqualTo(new Calculation(Intent.MULTIPLY, BigDecimal.valueOf(3), BigDecimal.valueOf(4)).toStep());
	}

	@Test
	void theRequestCarriesTheModelBothMessagesAndTheBearerKey() {
		openAi.stubFor(post(PATH).willReturn(okJson(fixture("openai-chat-completion.json"))));
		planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?"));
		openAi.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer " + KEY))
			.withHeader("Content-Type", containing("application/json"))
			.withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
			.withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
			.withRequestBody(matchingJsonPath("$.messages[0].content", equalTo(ModelFixtures.prompt().system())))
			.withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user")))
			.withRequestBody(matchingJsonPath("$.messages[1].content",
					containing("<user_input>\ncan you multiply 3 and 4?\n</user_input>"))));
	}

	@Test
	void jsonSchemaModeAsksForTheStrictSchemaOfTheIntents() {
		openAi.stubFor(post(PATH).willReturn(okJson(fixture("openai-chat-completion.json"))));
		planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?"));
		openAi.verify(postRequestedFor(urlEqualTo(PATH))
			.withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
			.withRequestBody(matchingJsonPath("$.response_format.json_schema.name", equalTo("next_step")))
			.withRequestBody(matchingJsonPath("$.response_format.json_schema.strict", equalTo("true")))
			.withRequestBody(matchingJsonPath(
					"$.response_format.json_schema.schema.properties.next_step.anyOf[3].properties.intent.enum[0]",
					equalTo("divide"))));
	}

	@Test
	void jsonObjectModeAsksForAnyJsonObject() {
		openAi.stubFor(post(PATH).willReturn(okJson(fixture("openai-chat-completion.json"))));
		planner(ResponseFormat.JSON_OBJECT).nextStep(thread("can you multiply 3 and 4?"));
		openAi.verify(postRequestedFor(urlEqualTo(PATH))
			.withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_object")))
			.withRequestBody(matchingJsonPath("$.response_format.json_schema", absent())));
	}

	@Test
	void noneModeLeavesTheFormatToThePrompt() {
		openAi.stubFor(post(PATH).willReturn(okJson(fixture("openai-chat-completion.json"))));
		planner(ResponseFormat.NONE).nextStep(thread("can you multiply 3 and 4?"));
		openAi.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.model"))
			.withRequestBody(matchingJsonPath("$.response_format", absent())));
	}

	@Test
	void withoutAKeyNoAuthorizationIsSent() {
		openAi.stubFor(post(PATH).willReturn(okJson(fixture("openai-chat-completion.json"))));
		new OpenAiPlanner(ModelFixtures.client(), ModelFixtures.json,
				new LlmProperties.OpenAi("", openAi.baseUrl() + "/v1/", "llama3.1", ResponseFormat.JSON_OBJECT),
				ModelFixtures.prompt())
			.nextStep(thread("can you multiply 3 and 4?"));
		openAi.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", absent()));
	}

	@Test
	void aTooManyRequestsIsTriedAgainAfterTheWaitRetryAfterAsksFor() {
		sequence(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody(fixture("openai-error-429.json")),
				okJson(fixture("openai-chat-completion.json")));
		long started = System.nanoTime();
		assertThat(planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?")).intent())
			.isEqualTo(Intent.MULTIPLY.wireName());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		openAi.verify(2, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aServerErrorIsTriedAgain() {
		sequence(aResponse().withStatus(500).withBody(fixture("openai-error-500.json")),
				okJson(fixture("openai-chat-completion.json")));
		assertThat(planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?")).intent())
			.isEqualTo(Intent.MULTIPLY.wireName());
		openAi.verify(2, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void serverErrorsOnEveryTryMakeTheModelUnavailableWithItsMessage() {
		openAi.stubFor(post(PATH).willReturn(aResponse().withStatus(500).withBody(fixture("openai-error-500.json"))));
		assertThatExceptionOfType(ModelUnavailable.class)
			.isThrownBy(() -> planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?")))
			.withMessage("OpenAI-compatible model gpt-4o answered 500: "
					+ "The server had an error while processing your request. Sorry about that!");
		openAi.verify(MAX_RETRIES + 1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aBadRequestIsNotTriedAgainAndItsMessageIsPassedOn() {
		openAi.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody(fixture("openai-error-400.json"))));
		assertThatExceptionOfType(ModelUnavailable.class)
			.isThrownBy(() -> planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?")))
			.withMessageContaining("answered 400: Invalid parameter: 'response_format' of type 'json_schema'");
		openAi.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aRefusedKeyIsNeverRepeatedInTheError() {
		openAi.stubFor(post(PATH).willReturn(aResponse().withStatus(401).withBody(fixture("openai-error-401.json"))));
		assertThatExceptionOfType(ModelUnavailable.class)
			.isThrownBy(() -> planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?")))
			.withMessageContaining("answered 401: Incorrect API key provided: (key).")
			.withMessageNotContaining(KEY);
		openAi.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aModelSlowerThanTheTimeoutIsTriedAgainThenUnavailable() {
		openAi.stubFor(post(PATH).willReturn(okJson(fixture("openai-chat-completion.json"))
			.withFixedDelay((int) ModelFixtures.TIMEOUT.toMillis() * 4)));
		assertThatExceptionOfType(ModelUnavailable.class)
			.isThrownBy(() -> planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?")))
			.withMessageContaining("could not be reached")
			.withMessageContaining("SocketTimeoutException");
		openAi.verify(MAX_RETRIES + 1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void anUnreadableReplyIsInvalidForTheModelToCorrectAndNotTriedAgain() {
		openAi.stubFor(post(PATH).willReturn(okJson(openAiReply("I think we should multiply 3 by 4."))));
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> planner(ResponseFormat.NONE).nextStep(thread("can you multiply 3 and 4?")))
			.withMessageContaining("no complete JSON object");
		openAi.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aRefusalIsInvalidForTheModelToReconsider() {
		openAi.stubFor(post(PATH).willReturn(okJson(fixture("openai-refusal.json"))));
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> planner(ResponseFormat.JSON_SCHEMA).nextStep(thread("can you multiply 3 and 4?")))
			.withMessage("the model refused: I'm sorry, I can't assist with that request.");
	}

	private OpenAiPlanner planner(ResponseFormat format) {
		return new OpenAiPlanner(ModelFixtures.client(), ModelFixtures.json,
				new LlmProperties.OpenAi(KEY, openAi.baseUrl() + "/v1", "gpt-4o", format), ModelFixtures.prompt());
	}

	private static void sequence(ResponseDefinitionBuilder... responses) {
		for (int i = 0; i < responses.length; i++) {
			openAi.stubFor(post(PATH).inScenario("sequence")
				.whenScenarioStateIs((i == 0) ? STARTED : "try " + i)
				.willReturn(responses[i])
				.willSetStateTo("try " + (i + 1)));
		}
	}

}
