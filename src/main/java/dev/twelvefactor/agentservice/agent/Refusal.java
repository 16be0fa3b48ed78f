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
			return Optional.of(Denied.parse(text));
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
	 * @param option the reject option the person picked, or {@code null}
	 */
	record Denied(String feedback, String option) implements Refusal {

		private static final String PREFIX = "user denied the operation";

		private static final String OPTION = " with the option \"";

		private static final String FEEDBACK = "feedback: \"";

		@Override
		public String text() {
			StringBuilder text = new StringBuilder(PREFIX);
			boolean hasOption = this.option != null && !this.option.isBlank();
			if (hasOption) {
				text.append(OPTION).append(this.option).append('"');
			}
			if (!this.feedback.isBlank()) {
				text.append(hasOption ? " and " : " with ").append(FEEDBACK).append(this.feedback).append('"');
			}
			return text.toString();
		}

		/**
		 * Reads {@code user denied the operation[ with the option "<option>"][ and|with
		 * feedback: "<comment>"]}.
		 */
		private static Denied parse(String denial) {
			String rest = denial.substring(PREFIX.length());
			String option = null;
			if (rest.startsWith(OPTION)) {
				int end = rest.indexOf('"', OPTION.length());
				if (end > 0) {
					option = rest.substring(OPTION.length(), end);
					rest = rest.substring(end + 1);
				}
			}
			int feedback = rest.indexOf(FEEDBACK);
			if (feedback >= 0) {
				String comment = rest.substring(feedback + FEEDBACK.length());
				return new Denied(comment.endsWith("\"") ? comment.substring(0, comment.length() - 1) : comment,
						option);
			}
			int colon = rest.indexOf(':');
			return new Denied((colon >= 0) ? unquoted(rest.substring(colon + 1).strip()) : "", option);
		}

		private static String unquoted(String comment) {
			return (comment.length() >= 2 && comment.startsWith("\"") && comment.endsWith("\""))
					? comment.substring(1, comment.length() - 1) : comment;
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
