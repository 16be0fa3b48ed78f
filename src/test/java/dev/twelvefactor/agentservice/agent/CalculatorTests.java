package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;

import dev.twelvefactor.agentservice.agent.NextStep.Calculation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link Calculator}.
 */
class CalculatorTests {

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
		assertThat(Calculator.apply(calculation(Intent.MULTIPLY, "20", "30")).scale()).isZero();
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
			.isThrownBy(() -> Calculator.apply(calculation(Intent.DIVIDE, "3", "0")))
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

	private static String written(Intent intent, String a, String b) {
		return Calculator.apply(calculation(intent, a, b)).toString();
	}

	private static Calculation calculation(Intent intent, String a, String b) {
		return new Calculation(intent, new BigDecimal(a), new BigDecimal(b));
	}

}
