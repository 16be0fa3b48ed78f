package dev.twelvefactor.agentservice.thread;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a thread stopped, and at which step, so a client can read it and retry that step.
 *
 * @param reason what went wrong, in words
 * @param step where it went wrong
 */
public record Failure(String reason, Step step) {

	/**
	 * The step a thread failed at, which {@code POST /thread/{id}/retry} runs again.
	 */
	public enum Step {

		/**
		 * Deciding the next step: the model could not be reached or answered nonsense.
		 */
		MODEL,

		/** Sending the pending request to a human: retry sends the same call again. */
		HUMAN_REQUEST,

		/**
		 * Running a tool: it could not be reached or run; retry runs the same call again.
		 */
		TOOL,

		/** A bound of the loop was reached: too many steps or errors in a row. */
		LOOP_LIMIT,

		/** The loop could not be scheduled, or the service stopped before it ran. */
		EXECUTOR;

		@JsonValue
		public String jsonName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
