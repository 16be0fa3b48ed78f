package dev.twelvefactor.agentservice.thread;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a client may send, how large a thread may grow, and how many threads the
 * store keeps.
 *
 * @param maxMessageLength the longest message {@code POST /thread} and {@code POST
 * /thread/{id}/messages} take, in characters
 * @param maxEvents the most events a thread may hold; past it, it fails
 * @param maxSize the most text a thread's events may hold; past it, it fails
 * @param store how many threads the store keeps, and for how long
 */
@ConfigurationProperties("agent.thread")
public record ThreadProperties(@DefaultValue("32768") int maxMessageLength, @DefaultValue("1000") int maxEvents,
		@DefaultValue("1MB") DataSize maxSize, @DefaultValue Store store) {

	public ThreadProperties {
		Assert.isTrue(maxMessageLength > 0, "AGENT_MAX_MESSAGE_LENGTH must be positive");
		Assert.isTrue(maxEvents > 0, "AGENT_THREAD_MAX_EVENTS must be positive");
		Assert.isTrue(maxSize != null && maxSize.toBytes() > 0, "AGENT_THREAD_MAX_SIZE must be positive");
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

	/**
	 * The bounds of the store, in memory or in a database; the local inbox keeps its
	 * calls within the same.
	 *
	 * @param maximumSize how many threads the store keeps; past it, launches are refused
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
