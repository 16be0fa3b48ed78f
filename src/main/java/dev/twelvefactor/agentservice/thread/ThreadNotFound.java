package dev.twelvefactor.agentservice.thread;

import java.util.UUID;

/**
 * No thread has the id a request names (it never existed, or it expired).
 */
public class ThreadNotFound extends RuntimeException {

	private final String id;

	public ThreadNotFound(String id) {
		super("No thread with id " + id);
		this.id = id;
	}

	/**
	 * The id as it was given, which need not be a UUID.
	 * @return the id
	 */
	public String id() {
		return this.id;
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
