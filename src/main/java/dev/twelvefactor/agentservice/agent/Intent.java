package dev.twelvefactor.agentservice.agent;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The steps the service itself knows, with their fields: the calculator's tools, which
 * the offline planner plans with, and the two steps that talk to a person, which every
 * model may take besides the registered tools.
 */
public enum Intent {

	ADD("Add two numbers: a + b.", Field.A, Field.B),

	SUBTRACT("Subtract b from a: a - b.", Field.A, Field.B),

	MULTIPLY("Multiply two numbers: a * b.", Field.A, Field.B),

	DIVIDE("Divide a by b: a / b.", Field.A, Field.B),

	REQUEST_MORE_INFORMATION("Ask the human for clarification or missing information.", Field.QUESTION),

	DONE_FOR_NOW("Tell the human what was done, when the request is complete; they may reply with more.",
			Field.SUMMARY);

	private final String description;

	private final List<Field> fields;

	Intent(String description, Field... fields) {
		this.description = description;
		this.fields = List.of(fields);
	}

	/**
	 * The name models and clients see, such as {@code request_more_information}.
	 * @return the intent's wire name
	 */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public String description() {
		return this.description;
	}

	public List<Field> fields() {
		return this.fields;
	}

	/**
	 * Whether the step talks to a person rather than calling a tool.
	 * @return true for {@code request_more_information} and {@code done_for_now}
	 */
	public boolean isHuman() {
		return this == REQUEST_MORE_INFORMATION || this == DONE_FOR_NOW;
	}

	public static Optional<Intent> of(String wireName) {
		return Arrays.stream(values()).filter((intent) -> intent.wireName().equals(wireName)).findFirst();
	}

	/**
	 * A field of an intent.
	 *
	 * @param name its JSON name
	 * @param type {@code number} or {@code string}
	 * @param description what it holds
	 */
	public record Field(String name, String type, String description) {

		static final Field A = new Field("a", "number", "the first operand");

		static final Field B = new Field("b", "number", "the second operand");

		static final Field QUESTION = new Field("message", "string", "the question for the human");

		static final Field SUMMARY = new Field("message", "string", "what was done, for the human");

	}

}
