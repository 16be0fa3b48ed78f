package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.math.MathContext;

import dev.twelvefactor.agentservice.agent.NextStep.Calculation;

/**
 * The agent's tools: exact decimal arithmetic, with results written the way people write
 * them ({@code 0.6}, {@code 12}, never {@code 1.2E+1}).
 */
public final class Calculator {

	private Calculator() {
	}

	/**
	 * Runs a calculation.
	 * @param step what to compute
	 * @return the result
	 * @throws ArithmeticException on a division by zero
	 */
	public static BigDecimal apply(Calculation step) {
		BigDecimal result = switch (step.intent()) {
			case ADD -> step.a().add(step.b());
			case SUBTRACT -> step.a().subtract(step.b());
			case MULTIPLY -> step.a().multiply(step.b());
			case DIVIDE -> divide(step.a(), step.b());
			default -> throw new IllegalArgumentException(step.intent() + " is not a calculation");
		};
		return plain(result);
	}

	/**
	 * Refuses a calculation that cannot run, before anyone is asked to approve it.
	 * @param step the calculation
	 * @throws ArithmeticException on a division by zero
	 */
	public static void check(Calculation step) {
		if (step.intent() == Intent.DIVIDE) {
			divide(step.a(), step.b());
		}
	}

	private static BigDecimal divide(BigDecimal a, BigDecimal b) {
		if (b.signum() == 0) {
			throw new ArithmeticException("cannot divide " + a.toPlainString() + " by zero");
		}
		return a.divide(b, MathContext.DECIMAL64);
	}

	/**
	 * Drops trailing zeros without going into exponent notation.
	 * @param value a number
	 * @return the same number with the smallest non-negative scale
	 */
	public static BigDecimal plain(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

}
