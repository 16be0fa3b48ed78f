package dev.twelvefactor.agentservice.llm;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.twelvefactor.agentservice.agent.InvalidNextStep;
import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.llm.LlmProperties.ResponseFormat;
import dev.twelvefactor.agentservice.thread.AgentThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.MAX_RETRIES;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.fixture;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.openAiReply;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.thread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FallbackPlanner} with an OpenAI server that fails and an Anthropic
 * server that answers.
 */
class FallbackPlannerTests {

	@RegisterExtension
	static WireMockExtension openAi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@RegisterExtension
	static WireMockExtension anthropic = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	@Test
	void whenTheFirstProviderFailsAfterItsRetriesTheSecondAnswers() {
		openAi.stubFor(post("/v1/chat/completions")
			.willReturn(aResponse().withStatus(503).withBody(fixture("openai-error-500.json"))));
		anthropic.stubFor(post("/v1/messages").willReturn(okJson(fixture("anthropic-message.json"))));
		assertThat(planner().nextStep(thread("can you multiply 3 and 4?")).intent())
			.isEqualTo(Intent.MULTIPLY.wireName());
		openAi.verify(MAX_RETRIES + 1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
		anthropic.verify(1, postRequestedFor(urlEqualTo("/v1/messages")));
	}

	@Test
	void anInvalidReplyGoesBackToTheModelWithoutAskingTheSecond() {
		openAi.stubFor(post("/v1/chat/completions").willReturn(okJson(openAiReply("{\"intent\": \"power\"}"))));
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> planner().nextStep(thread("can you multiply 3 and 4?")))
			.withMessageContaining("unknown intent \"power\"");
		anthropic.verify(0, postRequestedFor(urlEqualTo("/v1/messages")));
	}

	@Test
	void whenBothProvidersFailTheSecondsFailureIsReported() {
		openAi.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500)));
		anthropic.stubFor(post("/v1/messages")
			.willReturn(aResponse().withStatus(529).withBody(fixture("anthropic-error-529.json"))));
		assertThatExceptionOfType(ModelUnavailable.class)
			.isThrownBy(() -> planner().nextStep(thread("can you multiply 3 and 4?")))
			.withMessage("Anthropic model claude-sonnet-4-5 answered 529: Overloaded");
	}

	@Test
	void itDescribesBothProviders() {
		assertThat(new FallbackPlanner(named("first"), named("second")).describe())
			.isEqualTo("first (fallback: second)");
	}

	private static Planner planner() {
		return new FallbackPlanner(
				new OpenAiPlanner(ModelFixtures.client(), ModelFixtures.json,
						new LlmProperties.OpenAi("sk-test", openAi.baseUrl() + "/v1", "gpt-4o",
								ResponseFormat.JSON_SCHEMA),
						ModelFixtures.prompt()),
				new AnthropicPlanner(ModelFixtures.client(), ModelFixtures.json,
						new LlmProperties.Anthropic("sk-ant-test", anthropic.baseUrl(), "claude-sonnet-4-5", 1024),
						ModelFixtures.prompt()));
	}

	private static Planner named(String name) {
		return new Planner() {

			@Override
			public NextStep nextStep(AgentThread thread) {
				throw new UnsupportedOperationException();
			}

			@Override
			public String describe() {
				return name;
			}

		};
	}

}
