package dev.twelvefactor.agentservice.humanlayer;

/**
 * HumanLayer could not be reached or refused a request, after any retries.
 */
public class HumanLayerException extends RuntimeException {

	HumanLayerException(String message) {
		super(message);
	}

	HumanLayerException(String message, Throwable cause) {
		super(message, cause);
	}

}
