package dev.twelvefactor.agentservice.agent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Bounds on one run of the loop, so a confused or hung model cannot spin forever.
 *
 * @param maxSteps the most model calls in one run, from launch or resume to pause
 * @param maxConsecutiveErrors how many errors in a row fail the thread
 * @param stepTimeout how long one model step may take, its client's tries and waits
 * included, before the thread fails
 */
@ConfigurationProperties("agent.loop")
record AgentProperties(int maxSteps, int maxConsecutiveErrors, Duration stepTimeout) {

	public AgentProperties {
		Assert.isTrue(maxSteps > 0, "AGENT_MAX_STEPS must be positive");
		Assert.isTrue(maxConsecutiveErrors > 0, "AGENT_MAX_CONSECUTIVE_ERRORS must be positive");
		Assert.isTrue(stepTimeout != null && !stepTimeout.isNegative() && !stepTimeout.isZero(),
				"AGENT_LLM_STEP_TIMEOUT must be a positive duration");
	}

}
