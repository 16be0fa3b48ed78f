package dev.twelvefactor.agentservice.planner;

import java.math.BigDecimal;

import dev.twelvefactor.agentservice.agent.Calculator;

/**
 * One operand of a step as the user wrote it, so the planner can tell a number from a
 * reference to the last result, a gap, or text it could not read.
 *
 * @param kind what was written
 * @param value the number, for {@link Kind#NUMBER}
 * @param text the unreadable text, for {@link Kind#UNREADABLE}
 */
record Operand(Kind kind, BigDecimal value, String text) {

	static final Operand RESULT = new Operand(Kind.RESULT, null, null);

	static final Operand MISSING = new Operand(Kind.MISSING, null, null);

	static Operand number(BigDecimal value) {
		return new Operand(Kind.NUMBER, Calculator.plain(value), null);
	}

	static Operand unreadable(String text) {
		return new Operand(Kind.UNREADABLE, null, text);
	}

	boolean isNumber() {
		return this.kind == Kind.NUMBER;
	}

	/**
	 * Puts the last result in place of a reference to it, when there is one.
	 * @param result the last result, or {@code null} before the first one
	 * @return the number, or this operand
	 */
	Operand resolve(BigDecimal result) {
		return (this.kind == Kind.RESULT && result != null) ? number(result) : this;
	}

	/**
	 * What an operand can be.
	 */
	enum Kind {

		/** A number. */
		NUMBER,

		/** The result of the previous step ("the result", "that", "it"). */
		RESULT,

		/** Nothing usable was written ("multiply these"). */
		MISSING,

		/** Text that is not a number ("fe1iiaff10"). */
		UNREADABLE

	}

}
