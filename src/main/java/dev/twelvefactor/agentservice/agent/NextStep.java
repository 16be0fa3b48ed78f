package dev.twelvefactor.agentservice.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.twelvefactor.agentservice.tool.JsonValues;

/**
 * The step a model chose: a call of a registered tool, a question for a human, or a
 * message that the work is done.
 */
public sealed interface NextStep {

	/**
	 * The step's name: the tool's, or {@code request_more_information} or
	 * {@code done_for_now}.
	 * @return the intent
	 */
	String intent();

	/**
	 * The step as the data of a {@code tool_call} event: its intent and its fields.
	 * @return a map with {@code intent} first
	 */
	Map<String, Object> toData();

	/**
	 * Reads a step back from a {@code tool_call} event's data (or an object in its
	 * shape). A step that is no human one is read as a tool call, whether or not such a
	 * tool is registered: {@link Steps} checks that.
	 * @param data the object
	 * @return the step
	 * @throws InvalidNextStep when the object names no intent, or a human step has no
	 * message
	 */
	static NextStep fromData(Map<?, ?> data) {
		Object name = data.get("intent");
		if (!(name instanceof String intent) || intent.isBlank()) {
			throw new InvalidNextStep("the step names no intent");
		}
		if (Intent.REQUEST_MORE_INFORMATION.wireName().equals(intent)) {
			return new RequestMoreInformation(text(intent, data));
		}
		if (Intent.DONE_FOR_NOW.wireName().equals(intent)) {
			return new DoneForNow(text(intent, data));
		}
		Map<String, Object> arguments = new LinkedHashMap<>();
		data.forEach((key, value) -> {
			if (!"intent".equals(key)) {
				arguments.put(String.valueOf(key), value);
			}
		});
		return new ToolCall(intent, arguments);
	}

	private static String text(String intent, Map<?, ?> data) {
		if (data.get("message") instanceof String message && !message.isBlank()) {
			return message;
		}
		throw new InvalidNextStep(intent + " needs a non-empty string in \"message\"");
	}

	/**
	 * A call of a registered tool.
	 *
	 * @param intent the tool's name
	 * @param arguments its arguments, numbers as {@link java.math.BigDecimal}s
	 */
	record ToolCall(String intent, Map<String, Object> arguments) implements NextStep {

		@SuppressWarnings("unchecked")
		public ToolCall {
			arguments = Collections.unmodifiableMap((Map<String, Object>) JsonValues.normalized(arguments));
		}

		@Override
		public Map<String, Object> toData() {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("intent", this.intent);
			data.putAll(this.arguments);
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
		public String intent() {
			return Intent.REQUEST_MORE_INFORMATION.wireName();
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
		public String intent() {
			return Intent.DONE_FOR_NOW.wireName();
		}

		@Override
		public Map<String, Object> toData() {
			return messageData(intent(), this.message);
		}

	}

	private static Map<String, Object> messageData(String intent, String message) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("intent", intent);
		data.put("message", message);
		return data;
	}

}
