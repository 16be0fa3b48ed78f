package dev.twelvefactor.agentservice.agent;

/**
 * A model's reply that names no valid next step. The loop puts the reason on the thread
 * so the model can correct itself.
 */
public class InvalidNextStep extends RuntimeException {

	public InvalidNextStep(String message) {
		super(message);
	}

}
