package dev.twelvefactor.agentservice.thread;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * The bounds of a message and of the store that other modules keep to as well (the local
 * inbox bounds what a person writes and how many calls it keeps by them), without reading
 * how this module's settings are bound.
 */
@Component
public final class ThreadLimits {

	private final ThreadProperties properties;

	ThreadLimits(ThreadProperties properties) {
		this.properties = properties;
	}

	/**
	 * The longest message a user may send, in characters
	 * ({@code AGENT_MAX_MESSAGE_LENGTH}).
	 * @return the maximum
	 */
	public int maxMessageLength() {
		return this.properties.maxMessageLength();
	}

	/**
	 * How many threads the store keeps ({@code AGENT_STORE_MAXIMUM_SIZE}).
	 * @return the maximum
	 */
	public long maxThreads() {
		return this.properties.store().maximumSize();
	}

	/**
	 * How long a thread nobody reads or changes is kept
	 * ({@code AGENT_STORE_IDLE_EXPIRY}).
	 * @return the expiry
	 */
	public Duration idleExpiry() {
		return this.properties.store().idleExpiry();
	}

}
