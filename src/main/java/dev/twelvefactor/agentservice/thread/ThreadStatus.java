package dev.twelvefactor.agentservice.thread;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a thread stands: its loop is running, it waits for a person, or it stopped on a
 * failure.
 */
public enum ThreadStatus {

	RUNNING, AWAITING_HUMAN_RESPONSE, AWAITING_APPROVAL, FAILED;

	@JsonValue
	public String jsonName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
