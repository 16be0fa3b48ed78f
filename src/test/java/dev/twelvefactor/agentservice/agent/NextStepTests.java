package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import dev.twelvefactor.agentservice.agent.NextStep.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link NextStep}.
 */
class NextStepTests {

	@Test
	void fromDataReadsAToolCallWithItsNumbersAsDecimals() {
		NextStep step = NextStep.fromData(Map.of("intent", "multiply", "a", 3, "b", 4.5));
		assertThat(step)
			.isEqualTo(new Calculation(Intent.MULTIPLY, new BigDecimal("3"), new BigDecimal("4.5")).toStep());
	}

	@Test
	void fromDataReadsAnyToolByItsName() {
		NextStep step = NextStep.fromData(Map.of("intent", "everything.echo", "message", "hi"));
		assertThat(step).isEqualTo(new ToolCall("everything.echo", Map.of("message", "hi")));
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
	void fromDataRefusesAMissingIntent() {
		assertThatExceptionOfType(InvalidNextStep.class).isThrownBy(() -> NextStep.fromData(Map.of("a", 2, "b", 8)))
			.withMessage("the step names no intent");
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
	void toDataPutsTheIntentFirst() {
		Map<String, Object> data = new Calculation(Intent.SUBTRACT, BigDecimal.TEN, BigDecimal.ONE).toStep().toData();
		assertThat(data).containsExactly(Map.entry("intent", "subtract"), Map.entry("a", BigDecimal.TEN),
				Map.entry("b", BigDecimal.ONE));
	}

	@Test
	void toDataRoundTripsThroughFromData() {
		for (NextStep step : new NextStep[] {
				new Calculation(Intent.DIVIDE, new BigDecimal("3"), new BigDecimal("4")).toStep(),
				new RequestMoreInformation("Which numbers?"), new DoneForNow("The answer is 0.75.") }) {
			assertThat(NextStep.fromData(new LinkedHashMap<>(step.toData()))).isEqualTo(step);
		}
	}

}
