package dev.twelvefactor.agentservice.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Timeouts and retries of the outbound HTTP client that talks to HumanLayer and models.
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for each read of a response
 * @param maxRetries how many times a failed request is tried again
 * @param initialBackoff the wait before the first retry, doubled for each further one
 * @param maxBackoff the longest wait between two tries
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a server asking for more
 * gets its error passed on instead
 * @param maxIdleConnections how many open connections the model's client, and
 * HumanLayer's, each keep for reuse; a burst of loops that talk to one host needs as many
 * as run at once, else each step opens a new one
 */
@ConfigurationProperties("agent.http")
public record HttpProperties(Duration connectTimeout, Duration readTimeout, int maxRetries, Duration initialBackoff,
		Duration maxBackoff, Duration maxRetryAfter, int maxIdleConnections) {

	public HttpProperties {
		Assert.isTrue(maxIdleConnections >= 0, "AGENT_HTTP_MAX_IDLE_CONNECTIONS must not be negative");
	}

}
