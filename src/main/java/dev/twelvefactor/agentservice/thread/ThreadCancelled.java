package dev.twelvefactor.agentservice.thread;

import java.util.UUID;

/**
 * The thread was cancelled: it takes no answer, no retry and no second cancel.
 */
public class ThreadCancelled extends RuntimeException {

	private final UUID threadId;

	/**
	 * A refusal because the thread was cancelled.
	 * @param thread the cancelled thread
	 * @param refused what it refuses, as the end of a sentence
	 */
	public ThreadCancelled(AgentThread thread, String refused) {
		super("Thread " + thread.id() + " was cancelled; " + refused);
		this.threadId = thread.id();
	}

	public UUID threadId() {
		return this.threadId;
	}

}
