package dev.twelvefactor.agentservice.thread;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a thread stands: its loop is running, it waits for a person, it stopped on a
 * failure, or it was cancelled for good.
 */
public enum ThreadStatus {

	RUNNING, AWAITING_HUMAN_RESPONSE, AWAITING_APPROVAL, FAILED, CANCELLED;

	@JsonValue
	public String jsonName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
