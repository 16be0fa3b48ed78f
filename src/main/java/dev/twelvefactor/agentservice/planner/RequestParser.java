package dev.twelvefactor.agentservice.planner;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.twelvefactor.agentservice.agent.Intent;

/**
 * Reads the small English grammar the offline planner understands (see
 * {@code docs/offline-planner.md}), so the rules live in one place apart from the replay
 * of a thread.
 */
final class RequestParser {

	private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

	private static final Pattern THEN = Pattern.compile("\\bthen\\b", FLAGS);

	private static final Pattern OPERATION = Pattern.compile(
			"\\b(add|sum|plus|subtract|minus|multiply|product|multiplied\\s+by|times|divide|divided\\s+by)\\b", FLAGS);

	private static final Pattern LEADING_FILLER = Pattern.compile("^\\s*(?:of|up|together)\\b", FLAGS);

	private static final Pattern INSTEAD_OF = Pattern.compile("\\binstead\\s+of\\s+(\\S+)", FLAGS);

	private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d+)?|\\.\\d+)");

	private static final Pattern GROUPED_NUMBER = Pattern.compile("[-+]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");

	private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*");

	private static final Pattern LEADING_PUNCTUATION = Pattern.compile("^[?!,;:\"'“”‘’()¿¡]+");

	private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[?!.,;:\"'“”‘’()]+$");

	private static final Set<String> REFERENCES = Set.of("result", "answer", "that", "it", "this", "total", "previous");

	private RequestParser() {
	}

	/**
	 * Reads a request into its steps, one per clause that names an operation; clauses are
	 * separated by "then", "and then" or ", then".
	 * @param text what the user wrote
	 * @return the steps, empty when the text asks for no arithmetic
	 */
	static List<Step> steps(String text) {
		List<Step> steps = new ArrayList<>();
		for (String clause : clauses(text)) {
			Matcher operation = OPERATION.matcher(clause);
			if (operation.find()) {
				Operation named = Operation.of(operation.group(1));
				String rest = clause.substring(operation.end());
				steps.add(named.infix() ? infix(named.intent(), clause.substring(0, operation.start()), rest)
						: prefix(named, rest));
			}
		}
		return steps;
	}

	/**
	 * Splits a request at each "then", dropping a comma or "and" before it ("add 3 and
	 * then ..." adds 3 to the last result). Plain string work, so a long message cannot
	 * make a regular expression backtrack.
	 */
	private static List<String> clauses(String text) {
		List<String> clauses = new ArrayList<>();
		for (String clause : THEN.split(text)) {
			clauses.add(withoutEnding(withoutEnding(withoutEnding(clause.strip(), ","), " and"), ","));
		}
		return clauses;
	}

	private static String withoutEnding(String text, String ending) {
		int start = text.length() - ending.length();
		return (start >= 0 && text.regionMatches(true, start, ending, 0, ending.length()))
				? text.substring(0, start).strip() : text;
	}

	/**
	 * Finds "use X instead of Y" in a human's correction.
	 * @param text the correction
	 * @return the number to replace and its replacement, if both are given
	 */
	static Optional<Swap> swap(String text) {
		Matcher instead = INSTEAD_OF.matcher(text);
		if (!instead.find()) {
			return Optional.empty();
		}
		BigDecimal target = number(clean(instead.group(1)));
		List<BigDecimal> others = numbers(text);
		return (target != null && !others.isEmpty()) ? Optional.of(new Swap(target, others.get(0))) : Optional.empty();
	}

	/**
	 * The numbers in a human's answer, in order, apart from one that follows "instead
	 * of".
	 * @param text the answer
	 * @return the numbers
	 */
	static List<BigDecimal> numbers(String text) {
		List<BigDecimal> numbers = new ArrayList<>();
		for (String token : tokens(INSTEAD_OF.matcher(text).replaceAll(" "))) {
			BigDecimal number = number(token);
			if (number != null) {
				numbers.add(number);
			}
		}
		return numbers;
	}

	private static Step prefix(Operation operation, String rest) {
		String operands = LEADING_FILLER.matcher(rest).replaceFirst("");
		Matcher connective = operation.connectives().matcher(operands);
		if (!connective.find()) {
			return single(operation.intent(), read(operands));
		}
		String before = operands.substring(0, connective.start());
		Operand after = read(operands.substring(connective.end()));
		boolean reversed = operation.reversedBy(connective.group(1));
		if (before.isBlank()) {
			return reversed ? new Step(operation.intent(), after, Operand.RESULT, true)
					: new Step(operation.intent(), Operand.RESULT, after, true);
		}
		Operand first = read(before);
		return reversed ? new Step(operation.intent(), after, first, false)
				: new Step(operation.intent(), first, after, false);
	}

	/**
	 * A step with one operand written: "add 5" continues from the last result, "multiply
	 * the result" lacks the other number, "multiply these" lacks both.
	 */
	private static Step single(Intent intent, Operand operand) {
		return switch (operand.kind()) {
			case NUMBER, UNREADABLE -> new Step(intent, Operand.RESULT, operand, true);
			case RESULT -> new Step(intent, Operand.RESULT, Operand.MISSING, false);
			case MISSING -> new Step(intent, Operand.MISSING, Operand.MISSING, false);
		};
	}

	private static Step infix(Intent intent, String before, String after) {
		List<String> words = tokens(before);
		Operand left = words.isEmpty() ? Operand.MISSING : read(words.get(words.size() - 1));
		return (left.kind() == Operand.Kind.MISSING) ? new Step(intent, Operand.RESULT, read(after), true)
				: new Step(intent, left, read(after), false);
	}

	/**
	 * Reads an operand leniently: surrounding words are ignored ("4 for me"), a number
	 * wins over a reference, and anything that is neither a number nor a word is quoted
	 * back as unreadable.
	 */
	static Operand read(String text) {
		List<String> unreadable = new ArrayList<>();
		List<BigDecimal> numbers = new ArrayList<>();
		boolean reference = false;
		List<String> tokens = tokens(text);
		for (String token : tokens) {
			BigDecimal number = number(token);
			if (number != null) {
				numbers.add(number);
			}
			else if (WORD.matcher(token).matches()) {
				reference |= REFERENCES.contains(token.toLowerCase(Locale.ROOT));
			}
			else {
				unreadable.add(token);
			}
		}
		if (!unreadable.isEmpty()) {
			return Operand.unreadable(String.join(" ", unreadable));
		}
		if (numbers.size() > 1) {
			return Operand.unreadable(String.join(" ", tokens));
		}
		if (numbers.size() == 1) {
			return Operand.number(numbers.get(0));
		}
		return reference ? Operand.RESULT : Operand.MISSING;
	}

	private static List<String> tokens(String text) {
		List<String> tokens = new ArrayList<>();
		for (String raw : text.trim().split("\\s+")) {
			String token = clean(raw);
			if (!token.isEmpty()) {
				tokens.add(token);
			}
		}
		return tokens;
	}

	private static String clean(String token) {
		String trimmed = LEADING_PUNCTUATION.matcher(token).replaceFirst("");
		return TRAILING_PUNCTUATION.matcher(trimmed).replaceFirst("");
	}

	private static BigDecimal number(String token) {
		if (NUMBER.matcher(token).matches()) {
			return new BigDecimal(token);
		}
		if (GROUPED_NUMBER.matcher(token).matches()) {
			return new BigDecimal(token.replace(",", ""));
		}
		return null;
	}

	/**
	 * "Use {@code replacement} instead of {@code target}".
	 *
	 * @param target the number to replace
	 * @param replacement the number to use
	 */
	record Swap(BigDecimal target, BigDecimal replacement) {

	}

	/**
	 * The operation words, and the words that separate their two operands.
	 *
	 * @param intent the calculation
	 * @param infix whether the word stands between the operands ("3 times 4")
	 * @param connectives after a leading word ("multiply 3 by 4"), what separates the
	 * operands: these words, or a comma
	 * @param reversing the connective after which the first operand comes ("add 12 to
	 * that", "subtract 3 from 10")
	 */
	private record Operation(Intent intent, boolean infix, Pattern connectives, String reversing) {

		static Operation of(String word) {
			String name = word.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
			return switch (name) {
				case "add", "sum" -> leading(Intent.ADD, "to|and|with|plus", "to");
				case "subtract" -> leading(Intent.SUBTRACT, "from|and|minus", "from");
				case "multiply", "product" -> leading(Intent.MULTIPLY, "by|and|with|times", null);
				case "divide" -> leading(Intent.DIVIDE, "by|and", null);
				case "plus" -> between(Intent.ADD);
				case "minus" -> between(Intent.SUBTRACT);
				case "divided by" -> between(Intent.DIVIDE);
				default -> between(Intent.MULTIPLY); // "times", "multiplied by"
			};
		}

		private static Operation leading(Intent intent, String connectives, String reversing) {
			return new Operation(intent, false,
					Pattern.compile("(?:^|\\s)(" + connectives + ")(?=\\s|$)|,(?=\\s)", FLAGS), reversing);
		}

		private static Operation between(Intent intent) {
			return new Operation(intent, true, null, null);
		}

		/**
		 * Whether the first operand follows the connective.
		 * @param connective the connective, or {@code null} for a comma
		 */
		boolean reversedBy(String connective) {
			return this.reversing != null && this.reversing.equalsIgnoreCase(connective);
		}

	}

}
