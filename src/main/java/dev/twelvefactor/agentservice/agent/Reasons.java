package dev.twelvefactor.agentservice.agent;

/**
 * Turns what went wrong into the words a failed thread shows.
 */
final class Reasons {

	private Reasons() {
	}

	/**
	 * The message of an exception, or its type when it has none.
	 * @param ex what went wrong
	 * @return a short reason
	 */
	static String of(Throwable ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName();
	}

}
