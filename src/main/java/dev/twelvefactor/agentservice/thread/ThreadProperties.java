package dev.twelvefactor.agentservice.thread;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send, how large a thread may grow, and how many threads the
 * in-memory store keeps.
 *
 * @param maxMessageLength the longest message {@code POST /thread} takes, in characters
 * @param maxEvents the most events a thread may hold; past it, it fails
 * @param maxSize the most text a thread's events may hold; past it, it fails
 * @param storeMaximumSize how many threads the store keeps; past it, launches are refused
 * @param storeIdleExpiry how long a thread nobody reads or changes is kept
 */
@ConfigurationProperties("agent.thread")
public record ThreadProperties(int maxMessageLength, int maxEvents, DataSize maxSize, long storeMaximumSize,
		Duration storeIdleExpiry) {

	public ThreadProperties {
		Assert.isTrue(maxMessageLength > 0, "AGENT_MAX_MESSAGE_LENGTH must be positive");
		Assert.isTrue(maxEvents > 0, "AGENT_THREAD_MAX_EVENTS must be positive");
		Assert.isTrue(maxSize != null && maxSize.toBytes() > 0, "AGENT_THREAD_MAX_SIZE must be positive");
		Assert.isTrue(storeMaximumSize > 0, "AGENT_STORE_MAXIMUM_SIZE must be positive");
		Assert.isTrue(storeIdleExpiry != null && !storeIdleExpiry.isNegative() && !storeIdleExpiry.isZero(),
				"AGENT_STORE_IDLE_EXPIRY must be a positive duration");
	}

	/**
	 * Tells whether a thread outgrew its bounds, and which.
	 * @param thread the thread
	 * @return why it is too large, or {@code null} when it fits
	 */
	public String oversize(AgentThread thread) {
		if (thread.events().size() > this.maxEvents) {
			return "The thread holds " + thread.events().size() + " events, more than its maximum of " + this.maxEvents
					+ ".";
		}
		long size = thread.approximateSize();
		if (size > this.maxSize.toBytes()) {
			return "The thread holds about " + size + " bytes of events, more than its maximum of "
					+ this.maxSize.toBytes() + ".";
		}
		return null;
	}

}
