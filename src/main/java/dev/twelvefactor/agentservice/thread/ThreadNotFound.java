package dev.twelvefactor.agentservice.thread;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No thread has the id a request names (it never existed, or it expired).
 */
public class ThreadNotFound extends ErrorResponseException {

	public ThreadNotFound(String id) {
		super(HttpStatus.NOT_FOUND);
		getBody().setType(URI.create("urn:problem-type:thread-not-found"));
		getBody().setTitle("Thread not found");
		getBody().setDetail("No thread with id " + id);
	}

}
