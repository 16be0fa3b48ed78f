package dev.twelvefactor.agentservice.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Bounds on one run of the loop, so a confused model cannot spin forever.
 *
 * @param maxSteps the most model calls in one run, from launch or resume to pause
 * @param maxConsecutiveErrors how many errors in a row fail the thread
 */
@ConfigurationProperties("agent.loop")
record AgentProperties(int maxSteps, int maxConsecutiveErrors) {

	public AgentProperties {
		Assert.isTrue(maxSteps > 0, "AGENT_MAX_STEPS must be positive");
		Assert.isTrue(maxConsecutiveErrors > 0, "AGENT_MAX_CONSECUTIVE_ERRORS must be positive");
	}

}
