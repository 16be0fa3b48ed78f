package dev.twelvefactor.agentservice.agent;

import java.time.Duration;

import java.math.BigDecimal;

import dev.twelvefactor.agentservice.agent.Calculation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link Calculator}.
 */
class CalculatorTests {

	private static final Calculator CALCULATOR = calculator();

	@Test
	void divideGivesAnExactDecimal() {
		assertThat(written(Intent.DIVIDE, "3", "5")).isEqualTo("0.6");
	}

	@Test
	void divideRoundsANonTerminatingDecimalToSixteenDigits() {
		assertThat(written(Intent.DIVIDE, "1", "3")).isEqualTo("0.3333333333333333");
	}

	@Test
	void divideWithAWholeResultIsWrittenWithoutADecimalPoint() {
		assertThat(written(Intent.DIVIDE, "12", "2")).isEqualTo("6");
	}

	@Test
	void aResultEndingInZerosIsNotWrittenInExponentNotation() {
		assertThat(written(Intent.MULTIPLY, "20", "30")).isEqualTo("600");
		assertThat(CALCULATOR.apply(calculation(Intent.MULTIPLY, "20", "30")).scale()).isZero();
	}

	@Test
	void addDropsTrailingZeros() {
		assertThat(written(Intent.ADD, "0.25", "0.75")).isEqualTo("1");
	}

	@Test
	void subtractCanGoNegative() {
		assertThat(written(Intent.SUBTRACT, "3", "4.5")).isEqualTo("-1.5");
	}

	@Test
	void multiplyIsExact() {
		assertThat(written(Intent.MULTIPLY, "3", "4")).isEqualTo("12");
	}

	@Test
	void divisionByZeroFailsWithAMessageNamingTheDividend() {
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> CALCULATOR.apply(calculation(Intent.DIVIDE, "3", "0")))
			.withMessage("cannot divide 3 by zero");
	}

	@Test
	void checkRefusesADivisionByZeroBeforeItIsApproved() {
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> Calculator.check(calculation(Intent.DIVIDE, "12", "0.0")))
			.withMessage("cannot divide 12 by zero");
	}

	@Test
	void checkAcceptsAnyOtherCalculation() {
		assertThatNoException().isThrownBy(() -> Calculator.check(calculation(Intent.DIVIDE, "12", "2")));
		assertThatNoException().isThrownBy(() -> Calculator.check(calculation(Intent.ADD, "12", "0")));
	}

	@Test
	void plainDropsTrailingZerosWithoutAnExponent() {
		assertThat(Calculator.plain(new BigDecimal("6E+2")).toString()).isEqualTo("600");
		assertThat(Calculator.plain(new BigDecimal("0.7500")).toString()).isEqualTo("0.75");
	}

	@Test
	void aResultWithMoreDigitsThanAllowedIsAnErrorNotANumber() {
		String nines = "9".repeat(1000);
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> CALCULATOR.apply(calculation(Intent.MULTIPLY, nines, nines)))
			.withMessage("the result of multiply is out of range: numbers have at most 1000 significant digits "
					+ "and an exponent from -1000 to 1000");
		assertThat(written(Intent.ADD, nines.substring(1), "1")).isEqualTo("1" + "0".repeat(999));
	}

	@Test
	void aResultWithTooLargeOrSmallAnExponentIsAnError() {
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> CALCULATOR.apply(calculation(Intent.MULTIPLY, "1E+600", "1E+600")));
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> CALCULATOR.apply(calculation(Intent.DIVIDE, "1E-600", "1E+600")));
		assertThat(written(Intent.MULTIPLY, "1E+500", "1E+500")).hasSize(1001);
	}

	@Test
	void anOperandOutOfRangeIsRefusedWithoutRepeatingIt() {
		assertThat(CALCULATOR.checkOperands(calculation(Intent.MULTIPLY, "1e999999999", "2")))
			.contains("the number in \"a\" of multiply is out of range: numbers have at most 1000 significant "
					+ "digits and an exponent from -1000 to 1000");
		assertThat(CALCULATOR.checkOperands(calculation(Intent.DIVIDE, "3", "1e-100000")))
			.hasValueSatisfying((reason) -> assertThat(reason).startsWith("the number in \"b\" of divide"));
		assertThat(CALCULATOR.checkOperands(calculation(Intent.ADD, "1" + "0".repeat(1001), "1"))).isPresent();
		assertThat(CALCULATOR.checkOperands(calculation(Intent.ADD, "9".repeat(1000), "1E-1000"))).isEmpty();
	}

	@Test
	void theLimitsAreSettings() {
		Calculator small = new Calculator(new AgentProperties(20, 3, Duration.ofSeconds(30), null, null,
				new AgentProperties.CalculatorBounds(3, 5)));
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> small.apply(calculation(Intent.MULTIPLY, "999", "999")));
		assertThat(small.checkOperands(calculation(Intent.ADD, "1E+6", "1"))).isPresent();
		assertThat(small.apply(calculation(Intent.MULTIPLY, "100", "1000")).toPlainString()).isEqualTo("100000");
	}

	@Test
	void readsNumbersAsJsonOrAStoreGivesThem() {
		assertThat(Calculator.number(" 1.5 ")).contains(new BigDecimal("1.5"));
		assertThat(Calculator.number(12)).contains(new BigDecimal("12"));
		assertThat(Calculator.number(Double.NaN)).isEmpty();
		assertThat(Calculator.number("user denied the operation")).isEmpty();
		assertThat(Calculator.number("9".repeat(20_001))).isEmpty();
		assertThat(Calculator.number(null)).isEmpty();
	}

	static Calculator calculator() {
		return new Calculator(new AgentProperties(20, 3, Duration.ofSeconds(30), null, null,
				new AgentProperties.CalculatorBounds(1000, 1000)));
	}

	private static String written(Intent intent, String a, String b) {
		return CALCULATOR.apply(calculation(intent, a, b)).toString();
	}

	private static Calculation calculation(Intent intent, String a, String b) {
		return new Calculation(intent, new BigDecimal(a), new BigDecimal(b));
	}

}
