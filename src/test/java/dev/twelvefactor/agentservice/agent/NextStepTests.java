package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.twelvefactor.agentservice.agent.NextStep.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link NextStep}.
 */
class NextStepTests {

	@Test
	void fromDataReadsACalculationWithJsonNumbers() {
		NextStep step = NextStep.fromData(Map.of("intent", "multiply", "a", 3, "b", 4.5));
		assertThat(step).isEqualTo(new Calculation(Intent.MULTIPLY, new BigDecimal("3"), new BigDecimal("4.5")));
	}

	@Test
	void fromDataReadsNumbersGivenAsStrings() {
		NextStep step = NextStep.fromData(Map.of("intent", "divide", "a", " 12 ", "b", "0.5"));
		assertThat(step).isEqualTo(new Calculation(Intent.DIVIDE, new BigDecimal("12"), new BigDecimal("0.5")));
	}

	@Test
	void fromDataReadsAQuestion() {
		assertThat(NextStep.fromData(Map.of("intent", "request_more_information", "message", "Which numbers?")))
			.isEqualTo(new RequestMoreInformation("Which numbers?"));
	}

	@Test
	void fromDataReadsDoneForNow() {
		assertThat(NextStep.fromData(Map.of("intent", "done_for_now", "message", "3 times 4 is 12")))
			.isEqualTo(new DoneForNow("3 times 4 is 12"));
	}

	@Test
	void fromDataRefusesAnUnknownIntentListingTheKnownOnes() {
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> NextStep.fromData(Map.of("intent", "power", "a", 2, "b", 8)))
			.withMessage("unknown intent \"power\"; expected one of add, subtract, multiply, divide, "
					+ "request_more_information, done_for_now");
	}

	@Test
	void fromDataRefusesAMissingIntent() {
		assertThatExceptionOfType(InvalidNextStep.class).isThrownBy(() -> NextStep.fromData(Map.of("a", 2, "b", 8)))
			.withMessageStartingWith("the reply names no intent; expected one of add,");
	}

	@Test
	void fromDataRefusesAMissingNumber() {
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> NextStep.fromData(Map.of("intent", "add", "a", 2)))
			.withMessage("add needs a number in \"b\"");
	}

	@Test
	void fromDataRefusesANumberThatIsNotOne() {
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> NextStep.fromData(Map.of("intent", "multiply", "a", 3, "b", "fe1iiaff10")))
			.withMessage("multiply needs a number in \"b\", not \"fe1iiaff10\"");
	}

	@Test
	void fromDataRefusesAMissingMessage() {
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> NextStep.fromData(Map.of("intent", "done_for_now")))
			.withMessage("done_for_now needs a non-empty string in \"message\"");
	}

	@Test
	void fromDataRefusesABlankMessage() {
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> NextStep.fromData(Map.of("intent", "request_more_information", "message", "  \n")))
			.withMessage("request_more_information needs a non-empty string in \"message\"");
	}

	@Test
	void fromDataIgnoresFieldsTheIntentDoesNotHave() {
		NextStep step = NextStep
			.fromData(Map.of("intent", "add", "a", 1, "b", 2, "message", "adding", "reasoning", "easy"));
		assertThat(step).isEqualTo(new Calculation(Intent.ADD, BigDecimal.ONE, new BigDecimal("2")));
	}

	@Test
	void toDataPutsTheIntentFirst() {
		Map<String, Object> data = new Calculation(Intent.SUBTRACT, BigDecimal.TEN, BigDecimal.ONE).toData();
		assertThat(data).containsExactly(Map.entry("intent", "subtract"), Map.entry("a", BigDecimal.TEN),
				Map.entry("b", BigDecimal.ONE));
	}

	@Test
	void toDataRoundTripsThroughFromData() {
		for (NextStep step : new NextStep[] { new Calculation(Intent.DIVIDE, new BigDecimal("3"), new BigDecimal("4")),
				new RequestMoreInformation("Which numbers?"), new DoneForNow("The answer is 0.75.") }) {
			assertThat(NextStep.fromData(new LinkedHashMap<>(step.toData()))).isEqualTo(step);
		}
	}

}
