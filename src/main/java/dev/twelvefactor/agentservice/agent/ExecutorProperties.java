package dev.twelvefactor.agentservice.agent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * How many loops run at once, how many launches may wait, and how long a stopping service
 * lets running steps finish.
 *
 * @param maxConcurrent loops running at the same time
 * @param queueCapacity launched loops that may wait for a free slot; beyond it
 * {@code POST /thread} answers 503
 * @param retryAfter what a refused client is told to wait
 * @param shutdownGrace how long running steps may take to finish when the service stops
 */
@ConfigurationProperties("agent.executor")
record ExecutorProperties(int maxConcurrent, int queueCapacity, Duration retryAfter, Duration shutdownGrace) {

	public ExecutorProperties {
		Assert.isTrue(maxConcurrent > 0, "AGENT_MAX_CONCURRENT_LOOPS must be positive");
		Assert.isTrue(queueCapacity >= 0, "AGENT_LOOP_QUEUE_CAPACITY must not be negative");
	}

}
