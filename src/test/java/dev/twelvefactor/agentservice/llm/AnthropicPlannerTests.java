package dev.twelvefactor.agentservice.llm;

import java.math.BigDecimal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.twelvefactor.agentservice.agent.InvalidNextStep;
import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
import static dev.twelvefactor.agentservice.llm.ModelFixtures.anthropicReply;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.fixture;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.thread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AnthropicPlanner} against a server that answers as Anthropic does.
 */
class AnthropicPlannerTests {

	private static final String KEY = "sk-ant-test-0123456789";

	private static final String PATH = "/v1/messages";

	@RegisterExtension
	static WireMockExtension anthropic = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	@Test
	void theStepIsReadFromTheTextContentBlocks() {
		anthropic.stubFor(post(PATH).willReturn(okJson(fixture("anthropic-message.json"))));
		assertThat(planner().nextStep(thread("can you multiply 3 and 4?")))
			.isEqualTo(new Calculation(Intent.MULTIPLY, BigDecimal.valueOf(3), BigDecimal.valueOf(4)).toStep());
	}

	@Test
	void theRequestCarriesTheKeyTheVersionTheModelTheLimitTheSystemPromptAndTheThread() {
		anthropic.stubFor(post(PATH).willReturn(okJson(fixture("anthropic-message.json"))));
		planner().nextStep(thread("can you multiply 3 and 4?"));
		anthropic.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("x-api-key", equalTo(KEY))
			.withHeader("anthropic-version", equalTo("2023-06-01"))
			.withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5")))
			.withRequestBody(matchingJsonPath("$.max_tokens", equalTo("1024")))
			.withRequestBody(matchingJsonPath("$.system", equalTo(ModelFixtures.prompt().system())))
			.withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
			.withRequestBody(matchingJsonPath("$.messages[0].content",
					containing("<user_input>\ncan you multiply 3 and 4?\n</user_input>"))));
	}

	@Test
	void textBlocksAreJoinedAndOtherBlocksIgnored() {
		anthropic.stubFor(post(PATH).willReturn(
				okJson("""
						{"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
						 "content": [
						   {"type": "thinking", "thinking": "{\\"intent\\": \\"add\\"}", "signature": "abc"},
						   {"type": "text", "text": "The operand is unclear, so I ask."},
						   {"type": "text", "text": "{\\"intent\\": \\"request_more_information\\", \\"message\\": \\"Which number?\\"}"}
						 ],
						 "stop_reason": "end_turn", "stop_sequence": null,
						 "usage": {"input_tokens": 400, "output_tokens": 30}}""")));
		assertThat(planner().nextStep(thread("can you multiply 3 and FD*(#F&& ?")))
			.isEqualTo(new RequestMoreInformation("Which number?"));
	}

	@Test
	void anOverloadedApiIsTriedAgain() {
		sequence(aResponse().withStatus(529).withBody(fixture("anthropic-error-529.json")),
				okJson(fixture("anthropic-message.json")));
		assertThat(planner().nextStep(thread("can you multiply 3 and 4?")).intent())
			.isEqualTo(Intent.MULTIPLY.wireName());
		anthropic.verify(2, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aRateLimitIsTriedAgainAfterRetryAfter() {
		sequence(aResponse().withStatus(429)
			.withHeader("Retry-After", "0")
			.withBody(fixture("anthropic-error-429.json")), okJson(fixture("anthropic-message.json")));
		assertThat(planner().nextStep(thread("can you multiply 3 and 4?")).intent())
			.isEqualTo(Intent.MULTIPLY.wireName());
		anthropic.verify(2, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void anOverloadOnEveryTryMakesTheModelUnavailable() {
		anthropic
			.stubFor(post(PATH).willReturn(aResponse().withStatus(529).withBody(fixture("anthropic-error-529.json"))));
		assertThatExceptionOfType(ModelUnavailable.class)
			.isThrownBy(() -> planner().nextStep(thread("can you multiply 3 and 4?")))
			.withMessage("Anthropic model claude-sonnet-4-5 answered 529: Overloaded");
		anthropic.verify(MAX_RETRIES + 1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void anInvalidRequestIsNotTriedAgainAndItsMessageIsPassedOn() {
		anthropic
			.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody(fixture("anthropic-error-400.json"))));
		assertThatExceptionOfType(ModelUnavailable.class)
			.isThrownBy(() -> planner().nextStep(thread("can you multiply 3 and 4?")))
			.withMessageContaining("answered 400: max_tokens: 100000 > 64000");
		anthropic.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aRefusedKeyIsNotTriedAgainAndNeverRepeated() {
		anthropic
			.stubFor(post(PATH).willReturn(aResponse().withStatus(401).withBody(fixture("anthropic-error-401.json"))));
		assertThatExceptionOfType(ModelUnavailable.class)
			.isThrownBy(() -> planner().nextStep(thread("can you multiply 3 and 4?")))
			.withMessage("Anthropic model claude-sonnet-4-5 answered 401: invalid x-api-key")
			.withMessageNotContaining(KEY);
		anthropic.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aReplyWithoutAStepIsInvalidForTheModelToCorrect() {
		anthropic.stubFor(post(PATH).willReturn(okJson(anthropicReply("{\"intent\": \"multiply\", \"a\": 3}"))));
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> planner().nextStep(thread("can you multiply 3 and 4?")))
			.withMessage("multiply needs a number in \"b\"");
	}

	private AnthropicPlanner planner() {
		return new AnthropicPlanner(ModelFixtures.client(), ModelFixtures.json,
				new LlmProperties.Anthropic(KEY, anthropic.baseUrl(), "claude-sonnet-4-5", 1024),
				ModelFixtures.prompt());
	}

	private static void sequence(ResponseDefinitionBuilder... responses) {
		for (int i = 0; i < responses.length; i++) {
			anthropic.stubFor(post(PATH).inScenario("sequence")
				.whenScenarioStateIs((i == 0) ? STARTED : "try " + i)
				.willReturn(responses[i])
				.willSetStateTo("try " + (i + 1)));
		}
	}

}
