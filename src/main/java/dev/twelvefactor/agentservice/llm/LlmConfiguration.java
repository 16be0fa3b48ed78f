package dev.twelvefactor.agentservice.llm;

import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.agent.Steps;
import dev.twelvefactor.agentservice.http.ConnectionStripes;
import dev.twelvefactor.agentservice.http.HttpProperties;
import dev.twelvefactor.agentservice.http.RetryInterceptor;
import dev.twelvefactor.agentservice.llm.LlmProperties.Provider;
import dev.twelvefactor.agentservice.planner.RuleBasedPlanner;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.Assert;

/**
 * Chooses the planner: the provider named by {@code AGENT_LLM_PROVIDER}, else the first
 * whose key is set, else the offline rule-based planner, with an optional fallback.
 */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LlmConfiguration.class);

	@Bean
	Planner planner(LlmProperties llm, HttpProperties http, OkHttpClient client, JsonMapper json, Steps steps) {
		Call.Factory modelClient = ConnectionStripes.over(modelClient(client, http, llm), http.maxIdleConnections());
		Planner primary = create(llm.primary(), llm, modelClient, json, steps);
		Provider secondary = llm.secondary();
		Planner fallback = (secondary != null) ? create(secondary, llm, modelClient, json, steps) : null;
		if (llm.primary() == Provider.OFFLINE) {
			logger.info("Planner: {} (no model is called; set OPENAI_API_KEY or ANTHROPIC_API_KEY to use a model).",
					primary.describe());
			if (!steps.toolsBeyondTheCalculator().isEmpty()) {
				logger.warn(
						"Only a model can use the tools {}: the offline planner knows the calculator alone. Set "
								+ "OPENAI_API_KEY or ANTHROPIC_API_KEY (or AGENT_LLM_PROVIDER) to use them.",
						steps.toolsBeyondTheCalculator());
			}
		}
		else {
			logger.info("Planner: {} (fallback: {}).", primary.describe(),
					(fallback != null) ? fallback.describe() : "none");
		}
		return (fallback != null) ? new FallbackPlanner(primary, fallback) : primary;
	}

	/**
	 * The shared client, narrowed for models: a read timeout long enough for a model to
	 * write its reply, and the model's own number of retries in place of the shared
	 * client's ({@code AGENT_LLM_MAX_RETRIES}, not {@code AGENT_HTTP_MAX_RETRIES}), with
	 * the same backoff.
	 */
	static OkHttpClient modelClient(OkHttpClient shared, HttpProperties http, LlmProperties llm) {
		OkHttpClient.Builder builder = shared.newBuilder().readTimeout(llm.timeout()).writeTimeout(llm.timeout());
		builder.interceptors().removeIf(RetryInterceptor.class::isInstance);
		HttpProperties.Retry retry = http.retry();
		return builder
			.addInterceptor(new RetryInterceptor(llm.maxRetries(), retry.initialBackoff(), retry.maxBackoff(),
					retry.maxRetryAfter()))
			.build();
	}

	static Planner create(Provider provider, LlmProperties llm, Call.Factory http, JsonMapper json, Steps steps) {
		if (provider == Provider.OPENAI) {
			Assert.state(llm.openai().hasKey() || !llm.openai().baseUrl().contains("api.openai.com"),
					"OPENAI_API_KEY is required to use OpenAI; servers such as Ollama need OPENAI_BASE_URL instead");
			return new OpenAiPlanner(http, json, llm.openai(), Prompt.standard(steps));
		}
		if (provider == Provider.ANTHROPIC) {
			Assert.state(llm.anthropic().hasKey(),
					"ANTHROPIC_API_KEY is required when AGENT_LLM_PROVIDER or AGENT_LLM_FALLBACK is anthropic");
			return new AnthropicPlanner(http, json, llm.anthropic(), Prompt.standard(steps));
		}
		return new RuleBasedPlanner();
	}

}
