package dev.twelvefactor.agentservice.thread;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The two kinds of HumanLayer request a paused thread can wait for.
 */
public enum CallKind {

	/**
	 * A question or message for a person ({@code human_contact.completed} answers it).
	 */
	HUMAN_CONTACT,

	/** An approval of a risky tool call ({@code function_call.completed} answers it). */
	FUNCTION_CALL;

	@JsonValue
	public String jsonName() {
		return name().toLowerCase(Locale.ROOT);
	}

	ThreadStatus awaitingStatus() {
		return (this == HUMAN_CONTACT) ? ThreadStatus.AWAITING_HUMAN_RESPONSE : ThreadStatus.AWAITING_APPROVAL;
	}

}
