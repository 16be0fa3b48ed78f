package dev.twelvefactor.agentservice.thread;

import java.net.URI;
import java.util.UUID;

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

	/**
	 * Reads a thread id as a client or a webhook gave it; an id that is no UUID names no
	 * thread.
	 * @param id the id as given
	 * @return the id
	 * @throws ThreadNotFound when the id is no UUID
	 */
	public static UUID parseId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ThreadNotFound(id);
		}
	}

}
