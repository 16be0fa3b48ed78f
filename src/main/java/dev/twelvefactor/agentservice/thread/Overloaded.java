package dev.twelvefactor.agentservice.thread;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The service runs as many loops as it is configured to and its queue is full, or it is
 * shutting down: the client should try again later.
 */
public class Overloaded extends ErrorResponseException {

	public Overloaded(String detail, Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE);
		getBody().setType(URI.create("urn:problem-type:overloaded"));
		getBody().setTitle("Overloaded");
		getBody().setDetail(detail);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
	}

}
