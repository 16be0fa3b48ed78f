package dev.twelvefactor.agentservice.thread;

/**
 * A message was sent to a thread that waits for nobody: it is running or failed.
 */
class ThreadNotPaused extends RuntimeException {

	private final ThreadStatus status;

	ThreadNotPaused(AgentThread thread) {
		super("Thread " + thread.id() + " is " + thread.status().jsonName()
				+ "; a message can answer only a thread that waits for a human.");
		this.status = thread.status();
	}

	ThreadStatus status() {
		return this.status;
	}

}
