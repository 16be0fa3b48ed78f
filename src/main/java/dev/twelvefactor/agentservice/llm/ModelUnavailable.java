package dev.twelvefactor.agentservice.llm;

/**
 * A model could not be reached or refused the request, after any retries; the thread
 * fails, or the fallback provider is asked.
 */
class ModelUnavailable extends RuntimeException {

	ModelUnavailable(String message) {
		super(message);
	}

	ModelUnavailable(String message, Throwable cause) {
		super(message, cause);
	}

}
