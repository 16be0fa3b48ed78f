package dev.twelvefactor.agentservice.thread;

import java.util.UUID;

/**
 * Only a failed thread can be retried; this one is not failed (or a retry already took
 * it).
 */
public class ThreadNotFailed extends RuntimeException {

	private final UUID threadId;

	private final ThreadStatus status;

	public ThreadNotFailed(AgentThread thread) {
		super("Thread " + thread.id() + " is " + thread.status().jsonName() + "; only a failed thread can be retried.");
		this.threadId = thread.id();
		this.status = thread.status();
	}

	public UUID threadId() {
		return this.threadId;
	}

	/**
	 * Where the thread stands instead.
	 * @return its status
	 */
	public ThreadStatus status() {
		return this.status;
	}

}
