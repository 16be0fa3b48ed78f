package dev.twelvefactor.agentservice.thread;

/**
 * A person's answer to a call a thread waits for, whichever channel brought it.
 */
public sealed interface HumanAnswer {

	String callId();

	CallKind kind();

	/**
	 * Who answered, how and when; {@code null} when nobody said.
	 * @return the respondent
	 */
	Respondent respondent();

	/**
	 * A reply to a question or to a {@code done_for_now} message.
	 *
	 * @param callId the answered human contact
	 * @param text what the person wrote
	 * @param respondent who wrote it, how and when
	 */
	record Reply(String callId, String text, Respondent respondent) implements HumanAnswer {

		public Reply(String callId, String text) {
			this(callId, text, null);
		}

		@Override
		public CallKind kind() {
			return CallKind.HUMAN_CONTACT;
		}

	}

	/**
	 * An approval of the pending function call.
	 *
	 * @param callId the approved function call
	 * @param respondent who approved it, how and when
	 */
	record Approval(String callId, Respondent respondent) implements HumanAnswer {

		public Approval(String callId) {
			this(callId, null);
		}

		@Override
		public CallKind kind() {
			return CallKind.FUNCTION_CALL;
		}

	}

	/**
	 * A rejection of the pending function call.
	 *
	 * @param callId the rejected function call
	 * @param comment why, in the person's words (may be empty)
	 * @param rejectOption the name of the reject option the person picked, or
	 * {@code null} for none
	 * @param respondent who rejected it, how and when
	 */
	record Rejection(String callId, String comment, String rejectOption, Respondent respondent) implements HumanAnswer {

		public Rejection(String callId, String comment, Respondent respondent) {
			this(callId, comment, null, respondent);
		}

		public Rejection(String callId, String comment) {
			this(callId, comment, null, null);
		}

		@Override
		public CallKind kind() {
			return CallKind.FUNCTION_CALL;
		}

	}

	/**
	 * Nobody answered before the deadline; the model is told so.
	 *
	 * @param callId the call that expired
	 * @param kind its kind
	 * @param respondent the deadline, as the channel that answered
	 */
	record NoAnswer(String callId, CallKind kind, Respondent respondent) implements HumanAnswer {

	}

}
