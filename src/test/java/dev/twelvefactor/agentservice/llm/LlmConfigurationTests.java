package dev.twelvefactor.agentservice.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.agent.StepsFixtures;
import dev.twelvefactor.agentservice.http.HttpProperties;
import dev.twelvefactor.agentservice.http.RetryInterceptor;
import dev.twelvefactor.agentservice.llm.LlmProperties.Anthropic;
import dev.twelvefactor.agentservice.llm.LlmProperties.OpenAi;
import dev.twelvefactor.agentservice.llm.LlmProperties.Provider;
import dev.twelvefactor.agentservice.llm.LlmProperties.ResponseFormat;
import dev.twelvefactor.agentservice.planner.RuleBasedPlanner;
import dev.twelvefactor.agentservice.tool.ScriptedTool;
import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolResult;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LlmConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmConfigurationTests {

	private static final HttpProperties HTTP = new HttpProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), 5,
			new HttpProperties.Retry(3, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60)));

	private static final OkHttpClient SHARED = new OkHttpClient.Builder().readTimeout(HTTP.readTimeout())
		.addInterceptor(new RetryInterceptor(3, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60)))
		.build();

	@Test
	void withoutKeysTheOfflinePlannerPlans() {
		assertThat(planner(properties(null, null, "", ""))).isInstanceOf(RuleBasedPlanner.class);
	}

	@Test
	void withOtherToolsAndNoModelTheServiceSaysAtStartupThatOnlyAModelCanUseThem(CapturedOutput output) {
		Tool refund = new ScriptedTool("refund", "Give a refund.", Map.of("type", "object"),
				(arguments) -> ToolResult.of("refunded"));

		new LlmConfiguration().planner(properties(null, null, "", ""), HTTP, SHARED, ModelFixtures.json,
				StepsFixtures.with(List.of(refund)));

		assertThat(output).contains("Only a model can use the tools [refund]: the offline planner knows the "
				+ "calculator alone. Set OPENAI_API_KEY or ANTHROPIC_API_KEY (or AGENT_LLM_PROVIDER) to use them.");
	}

	@Test
	void withTheCalculatorAloneAndNoModelNothingIsSaidOfTools(CapturedOutput output) {
		planner(properties(null, null, "", ""));

		assertThat(output).doesNotContain("Only a model can use");
	}

	@Test
	void anOpenAiKeySelectsTheOpenAiCompatibleModel() {
		assertThat(planner(properties(null, null, "sk-openai", "")).describe())
			.isEqualTo("OpenAI-compatible model gpt-4o at https://api.openai.com/v1");
	}

	@Test
	void anAnthropicKeySelectsClaude() {
		assertThat(planner(properties(null, null, "", "sk-ant")).describe())
			.isEqualTo("Anthropic model claude-sonnet-4-5 at https://api.anthropic.com");
	}

	@Test
	void aFallbackWrapsTheFirstProvider() {
		Planner planner = planner(properties(Provider.ANTHROPIC, Provider.OFFLINE, "", "sk-ant"));
		assertThat(planner).isInstanceOf(FallbackPlanner.class);
		assertThat(planner.describe()).isEqualTo(
				"Anthropic model claude-sonnet-4-5 at https://api.anthropic.com (fallback: offline rule-based planner)");
	}

	@Test
	void anthropicChosenWithoutItsKeyStopsStartUp() {
		assertThatIllegalStateException().isThrownBy(() -> planner(properties(Provider.ANTHROPIC, null, "", "")))
			.withMessageContaining("ANTHROPIC_API_KEY is required");
	}

	@Test
	void openAiChosenWithoutAKeyStopsStartUpUnlessAnotherServerIsNamed() {
		assertThatIllegalStateException().isThrownBy(() -> planner(properties(Provider.OPENAI, null, "", "")))
			.withMessageContaining("OPENAI_API_KEY is required");
		LlmProperties ollama = new LlmProperties(Provider.OPENAI, null, Duration.ofSeconds(60), 3,
				new OpenAi("", "http://localhost:11434/v1", "llama3.1", ResponseFormat.JSON_OBJECT),
				new Anthropic("", "https://api.anthropic.com", "claude-sonnet-4-5", 1024));
		assertThat(planner(ollama).describe())
			.isEqualTo("OpenAI-compatible model llama3.1 at http://localhost:11434/v1");
	}

	@Test
	void credentialsInTheBaseUrlAreNeitherDescribedNorLogged() {
		LlmProperties proxied = new LlmProperties(Provider.OPENAI, null, Duration.ofSeconds(60), 3,
				new OpenAi("", "http://user:s3cret@proxy.internal:8080/v1", "llama3.1", ResponseFormat.JSON_OBJECT),
				new Anthropic("", "https://api.anthropic.com", "claude-sonnet-4-5", 1024));
		assertThat(planner(proxied).describe())
			.isEqualTo("OpenAI-compatible model llama3.1 at http://(key)@proxy.internal:8080/v1");
		assertThat(proxied.toString()).doesNotContain("s3cret");
	}

	@Test
	void modelCallsGetTheModelsTimeoutAndExactlyOneRetryInterceptor() {
		OkHttpClient client = LlmConfiguration.modelClient(SHARED, HTTP, properties(null, null, "", ""));
		assertThat(client.readTimeoutMillis()).isEqualTo(120_000);
		assertThat(client.interceptors()).hasSize(1).first().isInstanceOf(RetryInterceptor.class);
	}

	private static Planner planner(LlmProperties properties) {
		return new LlmConfiguration().planner(properties, HTTP, SHARED, ModelFixtures.json, StepsFixtures.standard());
	}

	private static LlmProperties properties(Provider provider, Provider fallback, String openAiKey,
			String anthropicKey) {
		return new LlmProperties(provider, fallback, Duration.ofSeconds(120), 1,
				new OpenAi(openAiKey, "https://api.openai.com/v1", "gpt-4o", ResponseFormat.JSON_SCHEMA),
				new Anthropic(anthropicKey, "https://api.anthropic.com", "claude-sonnet-4-5", 1024));
	}

}
