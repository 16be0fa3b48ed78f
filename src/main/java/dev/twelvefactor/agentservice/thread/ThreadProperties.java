package dev.twelvefactor.agentservice.thread;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Limits on what a client may send and how many threads the in-memory store keeps.
 *
 * @param maxMessageLength the longest message {@code POST /thread} and {@code POST
 * /thread/{id}/messages} take, in characters
 * @param store how many threads the store keeps, and for how long
 */
@ConfigurationProperties("agent.thread")
public record ThreadProperties(@DefaultValue("32768") int maxMessageLength, @DefaultValue Store store) {

	public ThreadProperties {
		Assert.isTrue(maxMessageLength > 0, "AGENT_MAX_MESSAGE_LENGTH must be positive");
	}

	/**
	 * The bounds of the in-memory store; the local inbox keeps its calls within the same.
	 *
	 * @param maximumSize how many threads the store keeps before evicting the least used
	 * @param idleExpiry how long a thread nobody reads or changes is kept
	 */
	public record Store(@DefaultValue("100000") long maximumSize, @DefaultValue("30d") Duration idleExpiry) {

		public Store {
			Assert.isTrue(maximumSize > 0, "AGENT_STORE_MAXIMUM_SIZE must be positive");
			Assert.isTrue(idleExpiry != null && !idleExpiry.isNegative() && !idleExpiry.isZero(),
					"AGENT_STORE_IDLE_EXPIRY must be a positive duration");
		}

	}

}
