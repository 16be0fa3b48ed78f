package dev.twelvefactor.agentservice.planner;

import java.math.BigDecimal;
import java.util.List;

import dev.twelvefactor.agentservice.agent.Calculator;
import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.Calculation;

/**
 * One calculation of a user's plan, possibly still missing an operand, so a plan can be
 * written down before every number is known.
 *
 * @param intent add, subtract, multiply or divide
 * @param a the first operand
 * @param b the second operand
 * @param continued whether one operand was not written and means the last result ("add
 * 5")
 */
record Step(Intent intent, Operand a, Operand b, boolean continued) {

	static Step of(Calculation calculation) {
		return new Step(calculation.intent(), Operand.number(calculation.a()), Operand.number(calculation.b()), false);
	}

	Step resolve(BigDecimal result) {
		return new Step(this.intent, this.a.resolve(result), this.b.resolve(result), this.continued);
	}

	boolean isReady() {
		return this.a.isNumber() && this.b.isNumber();
	}

	Calculation toCalculation() {
		return new Calculation(this.intent, this.a.value(), this.b.value());
	}

	boolean has(BigDecimal number) {
		return equal(this.a, number) || equal(this.b, number);
	}

	/**
	 * Replaces the operand equal to a number ("use 5 instead of 4").
	 * @param target the number to replace, which {@link #has(BigDecimal) this step has}
	 * @param replacement its replacement
	 * @return the changed step
	 */
	Step replace(BigDecimal target, BigDecimal replacement) {
		return equal(this.a, target) ? withA(replacement) : withB(replacement);
	}

	/**
	 * Takes numbers a human gave: two set both operands; one fills the first operand
	 * still unknown, or replaces the second when both are known ("use 5" on 3 / 4).
	 * @param numbers at least one number
	 * @return the changed step
	 */
	Step fill(List<BigDecimal> numbers) {
		if (numbers.size() >= 2) {
			return withA(numbers.get(0)).withB(numbers.get(1));
		}
		return this.a.isNumber() ? withB(numbers.get(0)) : withA(numbers.get(0));
	}

	private Step withA(BigDecimal value) {
		return new Step(this.intent, Operand.number(value), this.b, false);
	}

	private Step withB(BigDecimal value) {
		return new Step(this.intent, this.a, Operand.number(value), false);
	}

	private static boolean equal(Operand operand, BigDecimal number) {
		return operand.isNumber() && operand.value().compareTo(number) == 0;
	}

	static Calculation normalized(Calculation calculation) {
		return new Calculation(calculation.intent(), Calculator.plain(calculation.a()),
				Calculator.plain(calculation.b()));
	}

}
