package dev.twelvefactor.agentservice.tool;

/**
 * A tool call whose arguments do not fit the tool: the message says what is wrong, in
 * words the model can act on, and nothing runs.
 */
public class InvalidArguments extends RuntimeException {

	public InvalidArguments(String message) {
		super(message);
	}

}
