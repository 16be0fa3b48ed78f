package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The arithmetic behind the built-in tools: exact decimal arithmetic on numbers of a
 * bounded size, with results written the way people write them ({@code 0.6}, {@code 12},
 * never {@code 1.2E+1}).
 */
@Component
public final class Calculator {

	/**
	 * The longest text read as a number: longer than any number in range can be written
	 * sensibly, and short enough to parse at once.
	 */
	private static final int MAX_NUMBER_TEXT = 20_000;

	private final AgentProperties.CalculatorBounds properties;

	Calculator(AgentProperties properties) {
		this.properties = properties.calculator();
	}

	/**
	 * Runs a calculation.
	 * @param step what to compute, with operands {@link #checkOperands(Calculation) in
	 * range}
	 * @return the result
	 * @throws ArithmeticException on a division by zero, or a result out of range
	 */
	BigDecimal apply(Calculation step) {
		BigDecimal result = switch (step.intent()) {
			case ADD -> step.a().add(step.b());
			case SUBTRACT -> step.a().subtract(step.b());
			case MULTIPLY -> step.a().multiply(step.b());
			case DIVIDE -> divide(step.a(), step.b());
			default -> throw new IllegalArgumentException(step.intent() + " is not a calculation");
		};
		if (!inRange(result)) {
			throw new ArithmeticException("the result of " + step.intent().wireName() + " is out of range: " + range());
		}
		return plain(result);
	}

	/**
	 * Refuses a calculation that cannot run, before anyone is asked to approve it.
	 * @param step the calculation
	 * @throws ArithmeticException on a division by zero
	 */
	static void check(Calculation step) {
		if (step.intent() == Intent.DIVIDE) {
			divide(step.a(), step.b());
		}
	}

	/**
	 * Refuses a calculation whose operands are too large or too small to compute, store
	 * or write, before it is recorded; what the model gave is not repeated in the error.
	 * @param calculation the calculation
	 * @return why it is refused, or empty when its operands are in range
	 */
	Optional<String> checkOperands(Calculation calculation) {
		return checkOperand(calculation, "a", calculation.a())
			.or(() -> checkOperand(calculation, "b", calculation.b()));
	}

	private Optional<String> checkOperand(Calculation calculation, String field, BigDecimal operand) {
		if (inRange(operand)) {
			return Optional.empty();
		}
		return Optional.of("the number in \"" + field + "\" of " + calculation.intent().wireName()
				+ " is out of range: " + range());
	}

	private boolean inRange(BigDecimal number) {
		if (number.signum() == 0) {
			return true;
		}
		BigDecimal stripped = number.stripTrailingZeros();
		long exponent = (long) stripped.precision() - stripped.scale() - 1;
		return stripped.precision() <= this.properties.maxDigits()
				&& Math.abs(exponent) <= this.properties.maxExponent();
	}

	private String range() {
		return "numbers have at most " + this.properties.maxDigits() + " significant digits and an exponent from -"
				+ this.properties.maxExponent() + " to " + this.properties.maxExponent();
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

	/**
	 * Reads a number as JSON, a store or a model may give it: any kind of number, or a
	 * numeric string.
	 * @param value the value
	 * @return the number, or empty when the value is none
	 */
	public static Optional<BigDecimal> number(Object value) {
		try {
			if (value instanceof BigDecimal decimal) {
				return Optional.of(decimal);
			}
			if (value instanceof Number number) {
				return Optional.of(new BigDecimal(number.toString()));
			}
			if (value instanceof String text && text.length() <= MAX_NUMBER_TEXT && !text.isBlank()) {
				return Optional.of(new BigDecimal(text.strip()));
			}
		}
		catch (NumberFormatException ex) {
			// not a number, such as NaN or a sentence
		}
		return Optional.empty();
	}

}
