package dev.twelvefactor.agentservice.tool;

import java.util.Map;
import java.util.Optional;

/**
 * A step the agent can take besides talking to a person: a name the model calls it by, a
 * description the model reads, a JSON Schema of its arguments, and the function that runs
 * it. An application adds one by declaring a Spring bean of this type; a
 * {@link ToolSource} bean adds several found at startup.
 */
public interface Tool {

	/**
	 * The name the model calls the tool by and the policy names it with, unique among all
	 * tools, such as {@code refund} or {@code github.create_issue}.
	 * @return the tool's name
	 */
	String name();

	/**
	 * What the tool does, for the model to choose it.
	 * @return one or two sentences
	 */
	String description();

	/**
	 * The JSON Schema of the arguments, an object at the root, as JSON-ready maps and
	 * lists ({@code {"type": "object", "properties": {...}, "required": [...]}}).
	 * Arguments are validated against it before the tool is called or sent for approval.
	 * @return the schema
	 */
	Map<String, Object> argumentSchema();

	/**
	 * Where the tool comes from, as {@code GET /tools} shows it and the approval policy's
	 * default reads it.
	 * @return {@link ToolOrigin#BEAN} unless the tool says otherwise
	 */
	default ToolOrigin origin() {
		return ToolOrigin.BEAN;
	}

	/**
	 * Checks what the schema cannot say about the arguments, before the call is recorded:
	 * an answer here is an {@code error} event the model reads, and the call neither runs
	 * nor goes on the thread.
	 * @param arguments the arguments, valid against {@link #argumentSchema()}
	 * @return why the arguments are invalid, or empty when they are fine
	 */
	default Optional<String> invalidArguments(Map<String, Object> arguments) {
		return Optional.empty();
	}

	/**
	 * Tells, before a person is asked to approve a call, that it could not run anyway:
	 * the call is recorded with this as its {@code error}, and nobody is asked.
	 * @param arguments the arguments, valid and checked
	 * @return why the call cannot run, or empty when it can
	 */
	default Optional<String> cannotRun(Map<String, Object> arguments) {
		return Optional.empty();
	}

	/**
	 * Runs the tool.
	 * @param arguments the model's arguments, valid against {@link #argumentSchema()}, as
	 * JSON-ready values (numbers as {@link java.math.BigDecimal} or another
	 * {@link Number}, strings, booleans, lists and maps)
	 * @return the result for the model, or an error it may correct
	 * @throws ToolFailure when the tool cannot be reached or run now: the thread fails at
	 * its {@code tool} step, and a retry calls the tool again with the same arguments
	 */
	ToolResult call(Map<String, Object> arguments);

}
