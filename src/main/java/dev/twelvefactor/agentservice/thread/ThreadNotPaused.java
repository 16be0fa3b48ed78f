package dev.twelvefactor.agentservice.thread;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A message was sent to a thread that waits for nobody: it is running or failed.
 */
class ThreadNotPaused extends ErrorResponseException {

	ThreadNotPaused(AgentThread thread) {
		super(HttpStatus.CONFLICT);
		getBody().setType(URI.create("urn:problem-type:thread-not-paused"));
		getBody().setTitle("Thread not paused");
		getBody().setDetail("Thread " + thread.id() + " is " + thread.status().jsonName()
				+ "; a message can answer only a thread that waits for a human.");
		getBody().setProperty("thread_status", thread.status().jsonName());
	}

}
