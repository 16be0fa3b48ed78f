package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.twelvefactor.agentservice.agent.NextStep.ToolCall;

/**
 * A call of one of the calculator's tools, with its operands as numbers: how the offline
 * planner and the calculator see a {@link ToolCall} of add, subtract, multiply or divide.
 *
 * @param intent add, subtract, multiply or divide
 * @param a the first operand
 * @param b the second operand
 */
public record Calculation(Intent intent, BigDecimal a, BigDecimal b) {

	public Calculation {
		if (intent.isHuman()) {
			throw new IllegalArgumentException(intent + " is not a calculation");
		}
	}

	/**
	 * The calculation as the step that calls its tool.
	 * @return the tool call
	 */
	public ToolCall toStep() {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("a", this.a);
		arguments.put("b", this.b);
		return new ToolCall(this.intent.wireName(), arguments);
	}

	/**
	 * Reads a step as a calculation.
	 * @param step any step
	 * @return the calculation, or empty when the step calls no calculator tool with two
	 * numbers
	 */
	public static Optional<Calculation> of(NextStep step) {
		if (!(step instanceof ToolCall call)) {
			return Optional.empty();
		}
		Optional<Intent> intent = Intent.of(call.intent()).filter((known) -> !known.isHuman());
		Optional<BigDecimal> a = Calculator.number(call.arguments().get("a"));
		Optional<BigDecimal> b = Calculator.number(call.arguments().get("b"));
		if (intent.isEmpty() || a.isEmpty() || b.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Calculation(intent.get(), a.get(), b.get()));
	}

}
