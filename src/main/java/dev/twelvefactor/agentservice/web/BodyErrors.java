package dev.twelvefactor.agentservice.web;

import java.util.Collection;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says which field of a JSON body a reader refused and what it expected there, in words a
 * client can act on, without the Java types behind it.
 */
public final class BodyErrors {

	private BodyErrors() {
	}

	/**
	 * Describes why a body could not be read.
	 * @param ex what the JSON reader threw
	 * @return a sentence naming the field, such as {@code "approved" must be true or
	 * false.}
	 */
	public static String describe(JacksonException ex) {
		String field = field(ex);
		if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null && !field.isEmpty()) {
			return "\"" + field + "\" must be " + expected(mismatch.getTargetType()) + ".";
		}
		return (field.isEmpty() ? "" : "At \"" + field + "\": ") + ex.getOriginalMessage();
	}

	/**
	 * The dotted path to the field the reader stopped at.
	 * @param ex what the JSON reader threw
	 * @return such as {@code event.status.approved}, or empty at the top level
	 */
	static String field(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String expected(Class<?> type) {
		if (type == String.class) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
			return "a number";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord()) {
			return "an object";
		}
		return "a value of another type";
	}

}
