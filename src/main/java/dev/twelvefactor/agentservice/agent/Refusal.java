package dev.twelvefactor.agentservice.agent;

import java.util.Optional;

/**
 * What the model reads when a request to a person did not go through: a denial, with the
 * person's feedback if any, or no answer before the deadline. The loop writes these as
 * {@code tool_response} texts, and a planner that reads the thread back recognizes them
 * here, so both sides use the same words.
 */
public sealed interface Refusal {

	/** What the model is told when nobody answered in time. */
	String NO_ANSWER_IN_TIME = "no answer in time";

	/**
	 * The refusal as the model reads it.
	 * @return the {@code tool_response} text
	 */
	String text();

	/**
	 * What the model is told when nobody answered a call of the given kind in time.
	 * @param approval whether the call asked for an approval
	 * @return the refusal
	 */
	static Refusal noAnswer(boolean approval) {
		return approval ? new NotApproved() : new NoAnswer();
	}

	/**
	 * Recognizes a refusal in a {@code tool_response} text.
	 * @param text the text, without surrounding whitespace
	 * @return the refusal, or empty when the text is none (a result, an error)
	 */
	static Optional<Refusal> parse(String text) {
		if (text.startsWith(Denied.PREFIX)) {
			return Optional.of(new Denied(Denied.feedback(text)));
		}
		if (text.startsWith(NotApproved.PREFIX)) {
			return Optional.of(new NotApproved());
		}
		if (text.equals(NO_ANSWER_IN_TIME)) {
			return Optional.of(new NoAnswer());
		}
		return Optional.empty();
	}

	/**
	 * A person rejected the function call.
	 *
	 * @param feedback why, in the person's words; empty when they gave none
	 */
	record Denied(String feedback) implements Refusal {

		private static final String PREFIX = "user denied the operation";

		@Override
		public String text() {
			return this.feedback.isBlank() ? PREFIX : PREFIX + " with feedback: \"" + this.feedback + "\"";
		}

		/**
		 * The comment in {@code user denied the operation with feedback: "<comment>"}.
		 */
		private static String feedback(String denial) {
			int colon = denial.indexOf(':');
			if (colon < 0) {
				return "";
			}
			String comment = denial.substring(colon + 1).strip();
			if (comment.length() >= 2 && comment.startsWith("\"") && comment.endsWith("\"")) {
				comment = comment.substring(1, comment.length() - 1);
			}
			return comment;
		}

	}

	/**
	 * Nobody approved the function call before its deadline: it did not run.
	 */
	record NotApproved() implements Refusal {

		private static final String PREFIX = "the operation was not approved";

		@Override
		public String text() {
			return PREFIX + ": " + NO_ANSWER_IN_TIME;
		}

	}

	/**
	 * Nobody answered the question before its deadline.
	 */
	record NoAnswer() implements Refusal {

		@Override
		public String text() {
			return NO_ANSWER_IN_TIME;
		}

	}

}
