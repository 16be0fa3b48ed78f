package dev.twelvefactor.agentservice.thread;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An answer names a call its thread does not wait for: the thread is running or failed,
 * or waits for another call, or for the other kind.
 */
public class CallNotPending extends ErrorResponseException {

	public CallNotPending(AgentThread thread, HumanAnswer answer) {
		super(HttpStatus.CONFLICT);
		getBody().setType(URI.create("urn:problem-type:call-not-pending"));
		getBody().setTitle("Call not pending");
		getBody().setDetail("Thread " + thread.id() + " does not wait for " + answer.kind().jsonName() + " "
				+ answer.callId() + describeWait(thread));
		getBody().setProperty("thread_status", thread.status().jsonName());
	}

	private static String describeWait(AgentThread thread) {
		if (thread.pending() == null || thread.status() == ThreadStatus.RUNNING
				|| thread.status() == ThreadStatus.FAILED) {
			return "; it is " + thread.status().jsonName() + ".";
		}
		return "; it waits for " + thread.pending().kind().jsonName() + " " + thread.pending().callId() + ".";
	}

}
