package dev.twelvefactor.agentservice.thread;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import org.springframework.util.Assert;

/**
 * What became of escalating a pending call once its first deadline passed; shown as
 * {@code sending}, {@code sent} or {@code failed: <why>}.
 *
 * @param state where the escalation stands
 * @param problem why it failed, for a failed one, else {@code null}
 */
public record Escalation(State state, String problem) {

	private static final String FAILED_PREFIX = "failed: ";

	public Escalation {
		Assert.isTrue((state == State.FAILED) == (problem != null), "Only a failed escalation has a problem");
	}

	public static Escalation sending() {
		return new Escalation(State.SENDING, null);
	}

	public static Escalation sent() {
		return new Escalation(State.SENT, null);
	}

	public static Escalation failed(String problem) {
		return new Escalation(State.FAILED, String.valueOf(problem));
	}

	/**
	 * Reads an escalation as {@link #toString()} shows it, as a stored thread holds it.
	 * @param text {@code sending}, {@code sent} or {@code failed: <why>}
	 * @return the escalation
	 */
	@JsonCreator
	public static Escalation parse(String text) {
		if (text.startsWith(FAILED_PREFIX)) {
			return failed(text.substring(FAILED_PREFIX.length()));
		}
		return switch (text) {
			case "sending" -> sending();
			case "sent" -> sent();
			default -> throw new IllegalArgumentException("Not an escalation: " + text);
		};
	}

	@JsonValue
	@Override
	public String toString() {
		return switch (this.state) {
			case SENDING -> "sending";
			case SENT -> "sent";
			case FAILED -> FAILED_PREFIX + this.problem;
		};
	}

	/**
	 * Where an escalation stands.
	 */
	public enum State {

		/** Claimed by the deadline check, which sends it now. */
		SENDING,

		/** The channel took it. */
		SENT,

		/** The channel refused it or could not be reached. */
		FAILED

	}

}
