package dev.twelvefactor.agentservice.thread;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Limits on what a client may send and how many threads the in-memory store keeps.
 *
 * @param maxMessageLength the longest message {@code POST /thread} takes, in characters
 * @param storeMaximumSize how many threads the store keeps before evicting the least used
 * @param storeIdleExpiry how long a thread nobody reads or changes is kept
 */
@ConfigurationProperties("agent.thread")
public record ThreadProperties(int maxMessageLength, long storeMaximumSize, Duration storeIdleExpiry) {

	public ThreadProperties {
		Assert.isTrue(maxMessageLength > 0, "AGENT_MAX_MESSAGE_LENGTH must be positive");
		Assert.isTrue(storeMaximumSize > 0, "AGENT_STORE_MAXIMUM_SIZE must be positive");
		Assert.isTrue(storeIdleExpiry != null && !storeIdleExpiry.isNegative() && !storeIdleExpiry.isZero(),
				"AGENT_STORE_IDLE_EXPIRY must be a positive duration");
	}

}
