package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.agent.NextStep.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Steps}, with the calculator and the default policy.
 */
class StepsTests {

	private final Steps steps = StepsFixtures.standard();

	@Test
	void theStepsAreTheToolsThenTheHumanSteps() {
		assertThat(this.steps.shapes()).extracting(Steps.Shape::name)
			.containsExactly("add", "subtract", "multiply", "divide", "request_more_information", "done_for_now");
	}

	@Test
	void aToolsDescriptionSaysWhenAHumanMustApproveIt() {
		assertThat(this.steps.shapes().get(3).description())
			.isEqualTo("Divide a by b: a / b. A human must approve it before it runs.");
		assertThat(this.steps.shapes().get(0).description()).isEqualTo("Add two numbers: a + b.");
	}

	@Test
	void readTakesNumbersGivenAsStrings() {
		assertThat(this.steps.read(Map.of("intent", "divide", "a", " 12 ", "b", "0.5")))
			.isEqualTo(new ToolCall("divide", Map.of("a", new BigDecimal("12"), "b", new BigDecimal("0.5"))));
	}

	@Test
	void readMatchesAnIntentWrittenInAnotherCase() {
		assertThat(this.steps.read(Map.of("intent", "Request More-Information", "message", "Which?")))
			.isEqualTo(new NextStep.RequestMoreInformation("Which?"));
	}

	@Test
	void readLeavesOutFieldsTheStepDoesNotHave() {
		assertThat(this.steps.read(Map.of("intent", "add", "a", 1, "b", 2, "message", "adding", "reasoning", "easy")))
			.isEqualTo(new Calculation(Intent.ADD, BigDecimal.ONE, new BigDecimal("2")).toStep());
	}

	@Test
	void readRefusesAnUnknownIntentListingTheKnownOnes() {
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> this.steps.read(Map.of("intent", "power", "a", 2, "b", 8)))
			.withMessage("unknown intent \"power\"; expected one of add, subtract, multiply, divide, "
					+ "request_more_information, done_for_now");
	}

	@Test
	void readRefusesAMissingIntent() {
		assertThatExceptionOfType(InvalidNextStep.class).isThrownBy(() -> this.steps.read(Map.of("a", 2, "b", 8)))
			.withMessageStartingWith("the reply names no intent; expected one of add,");
	}

	@Test
	void readRefusesAMissingNumber() {
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> this.steps.read(Map.of("intent", "add", "a", 2)))
			.withMessage("add needs a number in \"b\"");
	}

	@Test
	void readRefusesANumberThatIsNotOne() {
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> this.steps.read(Map.of("intent", "multiply", "a", 3, "b", "fe1iiaff10")))
			.withMessage("multiply needs a number in \"b\", not \"fe1iiaff10\"");
	}

	@Test
	void checkRefusesAnOperandOutOfRangeBeforeAnythingIsRecorded() {
		assertThatExceptionOfType(InvalidNextStep.class)
			.isThrownBy(() -> this.steps.check(new ToolCall("multiply", Map.of("a", "1e999999999", "b", 2))))
			.withMessageStartingWith("the number in \"a\" of multiply is out of range");
	}

	@Test
	void checkDecidesWhetherACallNeedsApproval() {
		Steps.Checked divide = this.steps.check(new ToolCall("divide", Map.of("a", 3, "b", 4)));
		assertThat(divide.decision().required()).isTrue();
		assertThat(divide.decision().requirement().rule()).isEqualTo("divide");
		assertThat(divide.decision().requirement().rejectOptions()).extracting("name")
			.containsExactly("use another number", "not now");
		Steps.Checked add = this.steps.check(new ToolCall("add", Map.of("a", 3, "b", 4)));
		assertThat(add.decision().required()).isFalse();
		assertThat(add.decision().requirement().rule()).isNull();
		assertThat(List.of(add.approval().when())).containsExactly("never");
	}

}
