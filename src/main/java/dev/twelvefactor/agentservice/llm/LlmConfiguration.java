package dev.twelvefactor.agentservice.llm;

import dev.twelvefactor.agentservice.agent.Planner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the planner the agent loop asks for its next step.
 */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LlmConfiguration.class);

	@Bean
	Planner planner() {
		Planner planner = new RuleBasedPlanner();
		logger.info("Planner: {} (no model is called; set OPENAI_API_KEY or ANTHROPIC_API_KEY to use a model).",
				planner.describe());
		return planner;
	}

}
