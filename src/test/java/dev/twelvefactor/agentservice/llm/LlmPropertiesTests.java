package dev.twelvefactor.agentservice.llm;

import java.time.Duration;

import dev.twelvefactor.agentservice.llm.LlmProperties.Anthropic;
import dev.twelvefactor.agentservice.llm.LlmProperties.OpenAi;
import dev.twelvefactor.agentservice.llm.LlmProperties.Provider;
import dev.twelvefactor.agentservice.llm.LlmProperties.ResponseFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LlmProperties}.
 */
class LlmPropertiesTests {

	@Test
	void anExplicitProviderWinsOverTheKeys() {
		assertThat(properties(Provider.ANTHROPIC, null, "sk-openai", "").primary()).isEqualTo(Provider.ANTHROPIC);
	}

	@Test
	void withoutAChoiceOpenAiIsUsedWhenItsKeyIsSet() {
		assertThat(properties(null, null, "sk-openai", "sk-ant").primary()).isEqualTo(Provider.OPENAI);
	}

	@Test
	void withoutAChoiceAnthropicIsUsedWhenOnlyItsKeyIsSet() {
		assertThat(properties(null, null, "", "sk-ant").primary()).isEqualTo(Provider.ANTHROPIC);
	}

	@Test
	void withoutAChoiceOrAKeyTheOfflinePlannerIsUsed() {
		assertThat(properties(null, null, "", "").primary()).isEqualTo(Provider.OFFLINE);
	}

	@Test
	void theFallbackFollowsTheProviderChosenByItsKey() {
		assertThat(properties(null, Provider.ANTHROPIC, "sk-openai", "sk-ant").secondary())
			.isEqualTo(Provider.ANTHROPIC);
	}

	@Test
	void theOfflinePlannerHasNoFallback() {
		assertThat(properties(Provider.OFFLINE, Provider.OPENAI, "sk-openai", "").secondary()).isNull();
	}

	@Test
	void aFallbackSameAsTheChosenProviderIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> properties(Provider.OPENAI, Provider.OPENAI, "sk", ""))
			.withMessageContaining("AGENT_LLM_FALLBACK must differ from AGENT_LLM_PROVIDER");
	}

	@Test
	void toStringShowsWhetherKeysAreSetButNeverTheKeys() {
		String text = properties(null, null, "sk-openai-secret", "sk-ant-secret").toString();
		assertThat(text).doesNotContain("sk-openai-secret", "sk-ant-secret").contains("apiKey=(set)");
		assertThat(properties(null, null, "", "").toString()).contains("apiKey=(unset)");
	}

	private static LlmProperties properties(Provider provider, Provider fallback, String openAiKey,
			String anthropicKey) {
		return new LlmProperties(provider, fallback, Duration.ofSeconds(60), 3,
				new OpenAi(openAiKey, "https://api.openai.com/v1", "gpt-4o", ResponseFormat.JSON_SCHEMA),
				new Anthropic(anthropicKey, "https://api.anthropic.com", "claude-sonnet-4-5", 1024));
	}

}
