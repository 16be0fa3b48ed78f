package dev.twelvefactor.agentservice.llm;

import java.time.Duration;
import java.util.Locale;

import dev.twelvefactor.agentservice.http.OutboundHttp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Which model plans the agent's steps, and how patiently the service waits for it.
 *
 * @param provider the provider chosen explicitly, or {@code null} to take the first with
 * a key
 * @param fallback the provider tried when the first fails after its retries, or
 * {@code null} for none
 * @param timeout how long to wait for a model's reply, which can be long
 * @param maxRetries how many times a failed model call is tried again, with the backoff
 * of {@code agent.http.retry}; it replaces {@code agent.http.retry.max-retries} for the
 * model's client
 * @param openai the OpenAI-compatible server
 * @param anthropic Anthropic's Messages API
 */
@ConfigurationProperties("agent.llm")
record LlmProperties(Provider provider, Provider fallback, @DefaultValue("120s") Duration timeout,
		@DefaultValue("3") int maxRetries, @DefaultValue OpenAi openai, @DefaultValue Anthropic anthropic) {

	LlmProperties {
		Assert.state(timeout != null && !timeout.isNegative() && !timeout.isZero(),
				"AGENT_LLM_TIMEOUT must be positive");
		Assert.state(maxRetries >= 0, "AGENT_LLM_MAX_RETRIES must not be negative");
		Assert.state(fallback == null || fallback != provider,
				() -> "AGENT_LLM_FALLBACK must differ from AGENT_LLM_PROVIDER (" + fallback.displayName() + ")");
	}

	/**
	 * The provider that plans: the one chosen, else the first whose key is set, else the
	 * offline planner.
	 * @return the provider in use
	 */
	Provider primary() {
		if (this.provider != null) {
			return this.provider;
		}
		if (this.openai.hasKey()) {
			return Provider.OPENAI;
		}
		if (this.anthropic.hasKey()) {
			return Provider.ANTHROPIC;
		}
		return Provider.OFFLINE;
	}

	/**
	 * The provider tried when the primary fails; the offline planner never fails that
	 * way, so it has none.
	 * @return the fallback, or {@code null}
	 */
	Provider secondary() {
		Provider primary = primary();
		return (primary == Provider.OFFLINE || this.fallback == primary) ? null : this.fallback;
	}

	/**
	 * The model providers the service can plan with.
	 */
	enum Provider {

		OPENAI, ANTHROPIC, OFFLINE;

		String displayName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * An OpenAI-compatible Chat Completions server: OpenAI itself, or Ollama, vLLM, LM
	 * Studio, OpenRouter and the like.
	 *
	 * @param apiKey the bearer token; servers on one's own machine often need none
	 * @param baseUrl the API's base URL, up to and including {@code /v1}
	 * @param model the model name the server knows
	 * @param responseFormat how strictly the server is asked for JSON
	 */
	record OpenAi(String apiKey, @DefaultValue("https://api.openai.com/v1") String baseUrl,
			@DefaultValue("gpt-4o") String model, @DefaultValue("json_schema") ResponseFormat responseFormat) {

		OpenAi {
			Assert.state(StringUtils.hasText(baseUrl), "OPENAI_BASE_URL must not be empty");
			Assert.state(StringUtils.hasText(model), "OPENAI_MODEL must not be empty");
			Assert.state(responseFormat != null, "OPENAI_RESPONSE_FORMAT must be json_schema, json_object or none");
		}

		boolean hasKey() {
			return StringUtils.hasText(this.apiKey);
		}

		@Override
		public String toString() {
			return "OpenAi[apiKey=" + (hasKey() ? "(set)" : "(unset)") + ", baseUrl="
					+ OutboundHttp.withoutCredentials(this.baseUrl) + ", model=" + this.model + ", responseFormat="
					+ this.responseFormat + "]";
		}

	}

	/**
	 * Anthropic's Messages API.
	 *
	 * @param apiKey the {@code x-api-key}
	 * @param baseUrl the API's base URL, without {@code /v1}
	 * @param model the model id
	 * @param maxTokens the longest reply, in tokens, which the API requires
	 */
	record Anthropic(String apiKey, @DefaultValue("https://api.anthropic.com") String baseUrl,
			@DefaultValue("claude-sonnet-4-5") String model, @DefaultValue("1024") int maxTokens) {

		Anthropic {
			Assert.state(StringUtils.hasText(baseUrl), "ANTHROPIC_BASE_URL must not be empty");
			Assert.state(StringUtils.hasText(model), "ANTHROPIC_MODEL must not be empty");
			Assert.state(maxTokens > 0, "ANTHROPIC_MAX_TOKENS must be positive");
		}

		boolean hasKey() {
			return StringUtils.hasText(this.apiKey);
		}

		@Override
		public String toString() {
			return "Anthropic[apiKey=" + (hasKey() ? "(set)" : "(unset)") + ", baseUrl="
					+ OutboundHttp.withoutCredentials(this.baseUrl) + ", model=" + this.model + ", maxTokens="
					+ this.maxTokens + "]";
		}

	}

	/**
	 * How an OpenAI-compatible server is asked for JSON, since such servers differ in
	 * what they accept.
	 */
	enum ResponseFormat {

		/**
		 * A strict JSON schema of the intents ({@code response_format.type=json_schema}).
		 */
		JSON_SCHEMA,

		/** Any JSON object ({@code response_format.type=json_object}). */
		JSON_OBJECT,

		/** No {@code response_format}: the prompt alone asks for JSON. */
		NONE

	}

}
