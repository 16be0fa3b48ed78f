package dev.twelvefactor.agentservice.thread;

import java.util.UUID;

/**
 * Runs a thread's loop in the background, and resumes a paused one with a person's
 * answer.
 */
public interface ThreadRunner {

	/**
	 * Starts the loop of a newly stored thread and returns at once.
	 * @param threadId the thread to run
	 * @throws Overloaded when there is no room for another loop
	 */
	void start(UUID threadId);

	/**
	 * Applies an answer to the call a thread waits for, atomically, then resumes its loop
	 * in the background and returns at once.
	 * @param threadId the thread the answer names
	 * @param answer the answer
	 * @return whether the answer was applied now or had been before
	 * @throws ThreadNotFound when there is no such thread
	 * @throws CallNotPending when the thread does not wait for this call
	 * @throws ThreadCancelled when the thread was cancelled
	 */
	Resumption resume(UUID threadId, HumanAnswer answer);

	/**
	 * Runs the step a failed thread failed at once more: sends the same pending call
	 * again, or runs the loop again.
	 * @param threadId the failed thread
	 * @throws ThreadNotFound when there is no such thread
	 * @throws ThreadNotFailed when the thread has not failed (for instance, a retry ran
	 * already)
	 * @throws ThreadCancelled when the thread was cancelled
	 */
	void retry(UUID threadId);

	/**
	 * What became of an answer.
	 */
	enum Resumption {

		/** The answer is on the thread and its loop runs again. */
		APPLIED,

		/** An answer to the same call was applied before; nothing changed. */
		DUPLICATE

	}

}
