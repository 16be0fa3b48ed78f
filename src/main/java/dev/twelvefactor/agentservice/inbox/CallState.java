package dev.twelvefactor.agentservice.inbox;

/**
 * Where a call of the local inbox stands: open while someone may still answer it here,
 * closed once its thread took an answer, from here or another way, or is gone or
 * cancelled.
 */
enum CallState {

	/** Listed, waiting for a person. */
	PENDING,

	/** Answered here; the webhook that carries the answer is on its way. */
	DELIVERING,

	/** Answered here, and the thread took this answer. */
	ANSWERED,

	/**
	 * The thread took another answer: a message on the thread, another webhook, or its
	 * deadline.
	 */
	ANSWERED_ELSEWHERE,

	/** The thread is gone (it expired), so nobody waits for an answer. */
	THREAD_GONE,

	/** The thread was cancelled, so the call is withdrawn. */
	THREAD_CANCELLED;

	/**
	 * Why a call in this state was withdrawn.
	 * @return the reason, or {@code null} when the call was not withdrawn
	 */
	String withdrawal() {
		return switch (this) {
			case THREAD_GONE -> "its thread is gone (it expired)";
			case THREAD_CANCELLED -> "its thread was cancelled";
			default -> null;
		};
	}

	boolean isOpen() {
		return this == PENDING || this == DELIVERING;
	}

}
