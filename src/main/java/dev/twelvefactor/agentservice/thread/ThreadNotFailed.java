package dev.twelvefactor.agentservice.thread;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Only a failed thread can be retried; this one is not failed (or a retry already took
 * it).
 */
public class ThreadNotFailed extends ErrorResponseException {

	public ThreadNotFailed(AgentThread thread) {
		super(HttpStatus.CONFLICT);
		getBody().setType(URI.create("urn:problem-type:thread-not-failed"));
		getBody().setTitle("Thread not failed");
		getBody().setDetail("Thread " + thread.id() + " is " + thread.status().jsonName()
				+ "; only a failed thread can be retried.");
		getBody().setProperty("thread_status", thread.status().jsonName());
	}

}
