package dev.twelvefactor.agentservice.inbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.twelvefactor.agentservice.thread.CallKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks the calls and answers the local inbox takes as JSON, which it keeps as they
 * came: the few fields it reads must be there and of their type, the rest only bounded in
 * size.
 */
final class CallBodies {

	/** The most JSON a call may take: a message at its longest, and room for the rest. */
	static final int MAX_CALL_BYTES = 256 * 1024;

	/**
	 * The longest {@code call_id}: HumanLayer takes at most 64 bytes for a run and call
	 * id together, and a database keeps the id in an index.
	 */
	static final int MAX_CALL_ID_LENGTH = 255;

	private CallBodies() {
	}

	/**
	 * Checks a new call: {@code call_id}, {@code spec}, and {@code spec.fn} or
	 * {@code spec.msg}.
	 * @param kind function call or human contact
	 * @param call the call as sent
	 * @throws InboxProblem an {@code invalid-request} naming what is wrong
	 */
	static void checkCall(CallKind kind, ObjectNode call) {
		List<String> errors = new ArrayList<>();
		requireText(call.get("call_id"), "call_id", errors);
		if (call.path("call_id").isString() && call.get("call_id").asString().length() > MAX_CALL_ID_LENGTH) {
			errors.add("\"call_id\" must be at most " + MAX_CALL_ID_LENGTH + " characters long");
		}
		JsonNode runId = call.get("run_id");
		if (runId != null && !runId.isNull() && !runId.isString()) {
			errors.add("\"run_id\" must be a string");
		}
		JsonNode spec = call.get("spec");
		if (spec == null || !spec.isObject()) {
			errors.add("\"spec\" must be an object");
		}
		else {
			String field = (kind == CallKind.FUNCTION_CALL) ? "fn" : "msg";
			requireText(spec.get(field), "spec." + field, errors);
			checkOptions(spec, (kind == CallKind.FUNCTION_CALL) ? "reject_options" : "response_options", errors);
		}
		if (errors.isEmpty() && size(call) > MAX_CALL_BYTES) {
			errors.add("The call must be at most " + MAX_CALL_BYTES + " bytes of JSON");
		}
		if (!errors.isEmpty()) {
			throw InboxProblem.invalid(String.join("; ", errors) + ".");
		}
	}

	/**
	 * Checks an answer's fields beyond those the controller reads: a picked option must
	 * be one the call offers, and the whole is bounded.
	 * @param call the call answered
	 * @param answer the answer's status fields
	 * @param options {@code reject_options} or {@code response_options}
	 * @param picked {@code reject_option_name} or {@code response_option_name}
	 * @throws InboxProblem an {@code invalid-request} naming what is wrong
	 */
	static void checkAnswer(ObjectNode call, ObjectNode answer, String options, String picked) {
		JsonNode name = answer.get(picked);
		JsonNode offered = call.path("spec").path(options);
		if (name != null && name.isString() && offered.isArray() && !offered.isEmpty()
				&& offered.findValuesAsString("name").stream().noneMatch(name.asString()::equals)) {
			throw InboxProblem.invalid("\"" + picked + "\" must name one of the call's " + options + ": "
					+ String.join(", ", offered.findValuesAsString("name")) + ".");
		}
		if (size(answer) > MAX_CALL_BYTES) {
			throw InboxProblem.invalid("The answer must be at most " + MAX_CALL_BYTES + " bytes of JSON.");
		}
	}

	private static void requireText(JsonNode value, String field, List<String> errors) {
		if (value == null || !value.isString() || value.asString().isBlank()) {
			errors.add("\"" + field + "\" must not be blank");
		}
	}

	private static void checkOptions(JsonNode spec, String field, List<String> errors) {
		JsonNode options = spec.get(field);
		if (options == null || options.isNull()) {
			return;
		}
		boolean named = options.isArray();
		if (named) {
			for (JsonNode option : options) {
				named = named && option.isObject() && option.path("name").isString()
						&& !option.path("name").asString().isBlank();
			}
		}
		if (!named) {
			errors.add("\"spec." + field + "\" must be a list of options, each with a name");
		}
	}

	private static int size(JsonNode node) {
		return node.toString().getBytes(StandardCharsets.UTF_8).length;
	}

}
