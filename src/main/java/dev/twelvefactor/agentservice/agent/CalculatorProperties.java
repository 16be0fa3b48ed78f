package dev.twelvefactor.agentservice.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * The largest numbers the calculator takes and gives, so that no request, from a user or
 * a model, can make it compute, store or render numbers without bound.
 *
 * @param maxDigits the most significant digits of an operand or a result
 * @param maxExponent the largest power of ten, up or down, of an operand or a result
 * ({@code 1E+1000} and {@code 1E-1000} for 1000)
 */
@ConfigurationProperties("agent.calculator")
record CalculatorProperties(int maxDigits, int maxExponent) {

	/**
	 * Above this, a number written without an exponent is too long for Jackson, which
	 * writes decimals in plain notation.
	 */
	private static final int MAX_PLAIN_DIGITS = 9_999;

	CalculatorProperties {
		Assert.isTrue(maxDigits > 0, "AGENT_CALCULATOR_MAX_DIGITS must be positive");
		Assert.isTrue(maxExponent >= 0, "AGENT_CALCULATOR_MAX_EXPONENT must not be negative");
		Assert.isTrue(maxDigits + maxExponent <= MAX_PLAIN_DIGITS, "AGENT_CALCULATOR_MAX_DIGITS plus "
				+ "AGENT_CALCULATOR_MAX_EXPONENT must be at most " + MAX_PLAIN_DIGITS);
	}

}
