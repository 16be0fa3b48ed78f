package dev.twelvefactor.agentservice.thread;

/**
 * A cancel came for a thread whose work is done: it waits only for an optional reply to
 * its {@code done_for_now} message, so there is nothing to stop.
 */
class ThreadFinished extends RuntimeException {

	ThreadFinished(AgentThread thread) {
		super("Thread " + thread.id() + " is finished (its done_for_now message waits only for an optional reply); "
				+ "there is nothing to cancel.");
	}

}
