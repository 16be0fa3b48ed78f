package dev.twelvefactor.agentservice.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Timeouts, connections and retries of the outbound HTTP client that talks to HumanLayer,
 * the local inbox's webhook receivers and the models.
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for each read of a response
 * @param maxIdleConnections how many open connections the model's client, and
 * HumanLayer's, each keep for reuse; a burst of loops that talk to one host needs as many
 * as run at once, else each step opens a new one
 * @param retry how failed requests are tried again
 */
@ConfigurationProperties("agent.http")
public record HttpProperties(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("1000") int maxIdleConnections, @DefaultValue Retry retry) {

	public HttpProperties {
		Assert.isTrue(maxIdleConnections >= 0, "AGENT_HTTP_MAX_IDLE_CONNECTIONS must not be negative");
	}

	/**
	 * How a request that failed with a connection error, a timeout, a 429 or a 5xx is
	 * tried again. The model's client takes the backoff from here and its own number of
	 * tries ({@code agent.llm.max-retries}) instead of {@code maxRetries}.
	 *
	 * @param maxRetries how many times a failed request to HumanLayer or a webhook
	 * receiver is tried again
	 * @param initialBackoff the wait before the first retry, doubled for each further one
	 * @param maxBackoff the longest wait between two tries
	 * @param maxRetryAfter the longest {@code Retry-After} honoured; a server asking for
	 * more gets its error passed on instead
	 */
	public record Retry(@DefaultValue("3") int maxRetries, @DefaultValue("500ms") Duration initialBackoff,
			@DefaultValue("10s") Duration maxBackoff, @DefaultValue("60s") Duration maxRetryAfter) {

	}

}
