package dev.twelvefactor.agentservice.tool;

import java.util.Map;
import java.util.function.Function;

/**
 * A tool made of its parts, for tests that need one with a given schema.
 *
 * @param name the tool's name
 * @param description what it does
 * @param argumentSchema the JSON Schema of its arguments
 * @param run what a call answers
 */
public record ScriptedTool(String name, String description, Map<String, Object> argumentSchema,
		Function<Map<String, Object>, ToolResult> run) implements Tool {

	@Override
	public ToolResult call(Map<String, Object> arguments) {
		return this.run.apply(arguments);
	}

}
