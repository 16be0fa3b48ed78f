package dev.twelvefactor.agentservice.planner;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.twelvefactor.agentservice.agent.Calculator;
import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.Calculation;

/**
 * The sentences the offline planner sends to humans, kept together so they read alike.
 */
final class Wording {

	static final String CAPABILITIES = "I can add, subtract, multiply and divide numbers, also several steps in a row "
			+ "(for example \"multiply 3 and 4, then divide the result by 2\"). What would you like me to calculate?";

	private static final int QUOTE_LIMIT = 80;

	private Wording() {
	}

	/**
	 * Rests the thread when nobody answered a question in time, instead of asking it
	 * again every time its deadline passes.
	 */
	static final String UNANSWERED = "Nobody answered my question in time, so I stopped here. Reply to this message "
			+ "to go on.";

	static String whatElse(BigDecimal result) {
		String last = (result != null) ? "The last result is " + plain(result) + ". " : "";
		return last + "What else should I calculate? I can add, subtract, multiply and divide.";
	}

	/**
	 * Lists what was calculated: "3 * 4 = 12, 12 / 2 = 6. The result is 6."
	 */
	static String summary(List<Replay.Completed> completed) {
		List<String> lines = new ArrayList<>();
		for (Replay.Completed step : completed) {
			lines.add(formula(step.calculation()) + " = " + plain(step.result()));
		}
		return String.join(", ", lines) + ". The result is " + plain(completed.get(completed.size() - 1).result())
				+ ".";
	}

	/**
	 * Asks for what a step still lacks, saying first what could not be read.
	 */
	static String missing(Step step) {
		StringBuilder question = new StringBuilder();
		List<String> unreadable = new ArrayList<>();
		for (Operand operand : List.of(step.a(), step.b())) {
			if (operand.kind() == Operand.Kind.UNREADABLE) {
				unreadable.add(quote(operand.text()));
			}
		}
		if (!unreadable.isEmpty()) {
			question.append("I could not read ")
				.append(String.join(" or ", unreadable))
				.append((unreadable.size() > 1) ? " as numbers. " : " as a number. ");
		}
		if (step.a().kind() == Operand.Kind.RESULT || step.b().kind() == Operand.Kind.RESULT) {
			question.append("There is no earlier result to use yet. ");
		}
		return question.append(whichNumber(step)).toString();
	}

	private static String whichNumber(Step step) {
		String verb = step.intent().wireName();
		if (!step.a().isNumber() && !step.b().isNumber()) {
			return "Which two numbers should I " + verb + "?";
		}
		if (step.a().isNumber()) {
			String a = plain(step.a().value());
			return switch (step.intent()) {
				case ADD -> "Which number should I add to " + a + "?";
				case SUBTRACT -> "Which number should I subtract from " + a + "?";
				default -> "Which number should I " + verb + " " + a + " by?";
			};
		}
		String b = plain(step.b().value());
		return switch (step.intent()) {
			case ADD -> "Which number should I add " + b + " to?";
			case SUBTRACT -> "Which number should I subtract " + b + " from?";
			default -> "Which number should I " + verb + " by " + b + "?";
		};
	}

	static String failed(Calculation calculation, String error) {
		return formula(calculation) + " failed: " + quote(error) + ". Which number should I use instead? "
				+ example(calculation);
	}

	static String rejected(Calculation calculation, String comment) {
		String feedback = comment.isBlank() ? "" : " with the comment " + quote(comment);
		return "You rejected " + formula(calculation) + feedback + ". What should I do instead? "
				+ example(calculation);
	}

	static String notApproved(Calculation calculation) {
		String again = calculation.intent().wireName() + " " + plain(calculation.a())
				+ ((calculation.intent() == Intent.DIVIDE) ? " by " : " and ") + plain(calculation.b());
		return "Nobody approved " + formula(calculation) + " in time, so it did not run. Should I ask again (reply \""
				+ again + "\"), or calculate something else?";
	}

	static String rejected(String comment) {
		String feedback = comment.isBlank() ? "" : " with the comment " + quote(comment);
		return "You rejected the operation" + feedback + ". What should I calculate instead?";
	}

	static String alreadyRejected(Calculation calculation) {
		return "You already rejected " + formula(calculation) + ". Which numbers should I use instead? "
				+ example(calculation);
	}

	static String noNumber(String reply, Step step) {
		String prefix = "I could not find a number in " + quote(reply) + ". ";
		if (!step.isReady()) {
			return prefix + missing(step);
		}
		Calculation calculation = step.toCalculation();
		return prefix + "Which number should I change in " + formula(calculation) + "? " + example(calculation);
	}

	static String notAnOperand(Calculation calculation, BigDecimal target) {
		return "There is no " + plain(target) + " in " + formula(calculation) + " to replace. Which number should I "
				+ "change? " + example(calculation);
	}

	private static String example(Calculation calculation) {
		return "For example, reply \"use " + plain(calculation.b().add(BigDecimal.ONE)) + " instead of "
				+ plain(calculation.b()) + "\".";
	}

	static String formula(Calculation calculation) {
		return plain(calculation.a()) + " " + symbol(calculation.intent()) + " " + plain(calculation.b());
	}

	private static String symbol(Intent intent) {
		return switch (intent) {
			case ADD -> "+";
			case SUBTRACT -> "-";
			case MULTIPLY -> "*";
			default -> "/";
		};
	}

	static String plain(BigDecimal number) {
		return Calculator.plain(number).toPlainString();
	}

	private static String quote(String text) {
		String stripped = text.strip();
		String shown = (stripped.length() > QUOTE_LIMIT) ? stripped.substring(0, QUOTE_LIMIT) + "…" : stripped;
		return "\"" + shown + "\"";
	}

}
