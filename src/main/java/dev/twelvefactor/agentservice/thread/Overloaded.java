package dev.twelvefactor.agentservice.thread;

import java.time.Duration;

/**
 * The service runs as many loops as it is configured to and its queue is full, or it is
 * shutting down: the client should try again later.
 */
public class Overloaded extends RuntimeException {

	private final Duration retryAfter;

	public Overloaded(String detail, Duration retryAfter) {
		super(detail);
		this.retryAfter = retryAfter;
	}

	/**
	 * How long the client should wait before it tries again.
	 * @return the wait
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
