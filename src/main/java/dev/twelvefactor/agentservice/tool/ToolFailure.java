package dev.twelvefactor.agentservice.tool;

/**
 * A tool could not be reached or run, for a reason that is no fault of the model's call:
 * the thread fails at its {@code tool} step with this message, and a retry calls the tool
 * again.
 */
public class ToolFailure extends RuntimeException {

	public ToolFailure(String message) {
		super(message);
	}

	public ToolFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
