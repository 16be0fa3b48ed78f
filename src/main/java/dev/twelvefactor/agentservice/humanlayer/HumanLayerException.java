package dev.twelvefactor.agentservice.humanlayer;

/**
 * HumanLayer could not be reached or refused a request, after any retries.
 */
public class HumanLayerException extends RuntimeException {

	private final int status;

	HumanLayerException(String message, int status) {
		super(message);
		this.status = status;
	}

	HumanLayerException(String message, Throwable cause) {
		super(message, cause);
		this.status = 0;
	}

	/**
	 * Whether HumanLayer answered that what was asked for does not exist.
	 * @return true on a 404 answer
	 */
	public boolean isNotFound() {
		return this.status == 404;
	}

	/**
	 * Whether HumanLayer already has a call with this id.
	 * @return true for a {@code 409}
	 */
	boolean isConflict() {
		return this.status == 409;
	}

}
