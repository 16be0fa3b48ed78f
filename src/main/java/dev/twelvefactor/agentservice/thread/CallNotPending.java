package dev.twelvefactor.agentservice.thread;

import java.util.UUID;

/**
 * An answer names a call its thread does not wait for: the thread is running or failed,
 * or waits for another call, or for the other kind.
 */
public class CallNotPending extends RuntimeException {

	private final UUID threadId;

	private final ThreadStatus status;

	private final PendingCall waitingFor;

	public CallNotPending(AgentThread thread, HumanAnswer answer) {
		super("Thread " + thread.id() + " does not wait for " + answer.kind().jsonName() + " " + answer.callId()
				+ describeWait(thread));
		this.threadId = thread.id();
		this.status = thread.status();
		this.waitingFor = waitsFor(thread);
	}

	private static PendingCall waitsFor(AgentThread thread) {
		boolean waits = thread.pending() != null && thread.status() != ThreadStatus.RUNNING
				&& thread.status() != ThreadStatus.FAILED;
		return waits ? thread.pending() : null;
	}

	private static String describeWait(AgentThread thread) {
		PendingCall pending = waitsFor(thread);
		if (pending == null) {
			return "; it is " + thread.status().jsonName() + ".";
		}
		return "; it waits for " + pending.kind().jsonName() + " " + pending.callId() + ".";
	}

	public UUID threadId() {
		return this.threadId;
	}

	/**
	 * Where the thread stands.
	 * @return its status
	 */
	public ThreadStatus status() {
		return this.status;
	}

	/**
	 * The call the thread waits for instead.
	 * @return the call, or {@code null} when the thread is running or failed
	 */
	public PendingCall waitingFor() {
		return this.waitingFor;
	}

}
