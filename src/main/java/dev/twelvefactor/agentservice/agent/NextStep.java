package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The step a model chose: a calculation, a question for a human, or a message that the
 * work is done.
 */
public sealed interface NextStep {

	Intent intent();

	/**
	 * The step as the data of a {@code tool_call} event: its intent and its fields.
	 * @return a map with {@code intent} first
	 */
	Map<String, Object> toData();

	/**
	 * Reads a step from a model's JSON object or from a {@code tool_call} event,
	 * accepting numbers given as strings and ignoring fields no intent has.
	 * @param data the object
	 * @return the step
	 * @throws InvalidNextStep when the intent is unknown or a field is missing or wrong
	 */
	static NextStep fromData(Map<?, ?> data) {
		Object name = data.get("intent");
		if (!(name instanceof String wireName) || wireName.isBlank()) {
			throw new InvalidNextStep("the reply names no intent; expected one of " + intentNames());
		}
		Intent intent = Intent.of(wireName.trim())
			.orElseThrow(
					() -> new InvalidNextStep("unknown intent \"" + wireName + "\"; expected one of " + intentNames()));
		return switch (intent) {
			case ADD, SUBTRACT, MULTIPLY, DIVIDE ->
				new Calculation(intent, number(intent, data, "a"), number(intent, data, "b"));
			case REQUEST_MORE_INFORMATION -> new RequestMoreInformation(text(intent, data));
			case DONE_FOR_NOW -> new DoneForNow(text(intent, data));
		};
	}

	private static BigDecimal number(Intent intent, Map<?, ?> data, String field) {
		Object value = data.get(field);
		return Calculator.number(value)
			.orElseThrow(() -> new InvalidNextStep(intent.wireName() + " needs a number in \"" + field + "\""
					+ ((value instanceof String text) ? ", not \"" + abbreviate(text) + "\"" : "")));
	}

	/**
	 * A model's text as an error quotes it: whole when short, else its start.
	 */
	private static String abbreviate(String text) {
		return (text.length() <= 80) ? text : text.substring(0, 80) + "...";
	}

	private static String text(Intent intent, Map<?, ?> data) {
		if (data.get("message") instanceof String message && !message.isBlank()) {
			return message;
		}
		throw new InvalidNextStep(intent.wireName() + " needs a non-empty string in \"message\"");
	}

	private static String intentNames() {
		StringBuilder names = new StringBuilder();
		for (Intent intent : Intent.values()) {
			names.append((names.length() > 0) ? ", " : "").append(intent.wireName());
		}
		return names.toString();
	}

	/**
	 * One of the calculator tools.
	 *
	 * @param intent add, subtract, multiply or divide
	 * @param a the first operand
	 * @param b the second operand
	 */
	record Calculation(Intent intent, BigDecimal a, BigDecimal b) implements NextStep {

		public Calculation {
			if (intent.fields().size() != 2 || !intent.fields().get(0).isNumber()) {
				throw new IllegalArgumentException(intent + " is not a calculation");
			}
		}

		/**
		 * Whether a human must approve the step before it runs.
		 * @return true for divide
		 */
		public boolean needsApproval() {
			return this.intent == Intent.DIVIDE;
		}

		@Override
		public Map<String, Object> toData() {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("intent", this.intent.wireName());
			data.put("a", this.a);
			data.put("b", this.b);
			return data;
		}

	}

	/**
	 * A question for a human, when the request is unclear or a value is missing.
	 *
	 * @param message the question
	 */
	record RequestMoreInformation(String message) implements NextStep {

		@Override
		public Intent intent() {
			return Intent.REQUEST_MORE_INFORMATION;
		}

		@Override
		public Map<String, Object> toData() {
			return messageData(intent(), this.message);
		}

	}

	/**
	 * The work is done; the message tells the human what came of it.
	 *
	 * @param message the summary
	 */
	record DoneForNow(String message) implements NextStep {

		@Override
		public Intent intent() {
			return Intent.DONE_FOR_NOW;
		}

		@Override
		public Map<String, Object> toData() {
			return messageData(intent(), this.message);
		}

	}

	private static Map<String, Object> messageData(Intent intent, String message) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("intent", intent.wireName());
		data.put("message", message);
		return data;
	}

}
