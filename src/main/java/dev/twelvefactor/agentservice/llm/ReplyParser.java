package dev.twelvefactor.agentservice.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.agent.InvalidNextStep;
import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Steps;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the next step out of a model's reply as leniently as BAML did: reasoning before
 * the JSON, code fences, comments, trailing commas, single quotes, raw line breaks in
 * strings, numbers as strings, an intent in another case or with spaces, and a wrapping
 * object are all accepted; the step is then checked against the registered {@link Steps},
 * and what remains wrong is explained so the model can correct it.
 */
final class ReplyParser {

	private static final int MAX_QUOTED = 200;

	private final Steps steps;

	private final JsonMapper json = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_SINGLE_QUOTES,
				JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES, JsonReadFeature.ALLOW_JAVA_COMMENTS,
				JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
				JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
				JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	ReplyParser(Steps steps) {
		this.steps = steps;
	}

	/**
	 * Takes the first JSON object in the reply that names an intent (itself, or as the
	 * one object it wraps) and validates it.
	 * @param reply the model's text
	 * @return the step
	 * @throws InvalidNextStep when no such object is found or it is not a valid step
	 */
	NextStep parse(String reply) {
		if (reply == null || reply.isBlank()) {
			throw new InvalidNextStep("the reply was empty; answer with one JSON object for the next step");
		}
		List<String> candidates = objects(reply);
		if (candidates.isEmpty()) {
			throw new InvalidNextStep("the reply contains no complete JSON object; answer with one JSON object for "
					+ "the next step, such as {\"intent\": \"multiply\", \"a\": 3, \"b\": 4}");
		}
		Map<?, ?> firstRead = null;
		String unreadable = null;
		for (String candidate : candidates) {
			Map<?, ?> object;
			try {
				object = this.json.readValue(candidate, Map.class);
			}
			catch (JacksonException ex) {
				unreadable = (unreadable != null) ? unreadable : ex.getOriginalMessage();
				continue;
			}
			Map<?, ?> step = step(object);
			if (step != null) {
				return this.steps.read(step);
			}
			firstRead = (firstRead != null) ? firstRead : object;
		}
		if (firstRead != null) {
			return this.steps.read(firstRead);
		}
		throw new InvalidNextStep("the reply's JSON could not be read (" + abbreviate(unreadable)
				+ "); answer with one valid JSON object for the next step");
	}

	/**
	 * The object that is the step: the object itself when it names an intent, else the
	 * one object among its values that does, as in {@code {"next_step": {...}}}.
	 */
	private static Map<?, ?> step(Map<?, ?> object) {
		if (object.containsKey("intent")) {
			return object;
		}
		Map<?, ?> wrapped = null;
		for (Object value : object.values()) {
			if (value instanceof Map<?, ?> inner && inner.containsKey("intent")) {
				if (wrapped != null) {
					return null;
				}
				wrapped = inner;
			}
		}
		return wrapped;
	}

	/**
	 * The outermost balanced {@code {...}} spans of the text, in order, skipping braces
	 * inside strings and comments.
	 */
	private static List<String> objects(String text) {
		List<String> objects = new ArrayList<>();
		int start = text.indexOf('{');
		while (start >= 0) {
			int end = end(text, start);
			if (end < 0) {
				start = text.indexOf('{', start + 1);
			}
			else {
				objects.add(text.substring(start, end + 1));
				start = text.indexOf('{', end + 1);
			}
		}
		return objects;
	}

	/**
	 * Where the object opened at {@code start} closes.
	 * @return the index of its closing brace, or -1 when it never closes
	 */
	private static int end(String text, int start) {
		int depth = 0;
		char quote = 0;
		for (int i = start; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quote != 0) {
				if (c == '\\') {
					i++;
				}
				else if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '"' || c == '\'') {
				quote = c;
			}
			else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
				int newline = text.indexOf('\n', i);
				i = (newline < 0) ? text.length() : newline;
			}
			else if (c == '{') {
				depth++;
			}
			else if (c == '}' && --depth == 0) {
				return i;
			}
		}
		return -1;
	}

	private static String abbreviate(String text) {
		String line = String.valueOf(text).replace('\n', ' ');
		return (line.length() <= MAX_QUOTED) ? line : line.substring(0, MAX_QUOTED) + "...";
	}

}
