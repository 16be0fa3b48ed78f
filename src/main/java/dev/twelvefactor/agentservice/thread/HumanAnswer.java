package dev.twelvefactor.agentservice.thread;

/**
 * A person's answer to a call a thread waits for, whichever channel brought it.
 */
public sealed interface HumanAnswer {

	String callId();

	CallKind kind();

	/**
	 * A reply to a question or to a {@code done_for_now} message.
	 *
	 * @param callId the answered human contact
	 * @param text what the person wrote
	 */
	record Reply(String callId, String text) implements HumanAnswer {

		@Override
		public CallKind kind() {
			return CallKind.HUMAN_CONTACT;
		}

	}

	/**
	 * An approval of the pending function call.
	 *
	 * @param callId the approved function call
	 */
	record Approval(String callId) implements HumanAnswer {

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
	 */
	record Rejection(String callId, String comment) implements HumanAnswer {

		@Override
		public CallKind kind() {
			return CallKind.FUNCTION_CALL;
		}

	}

}
