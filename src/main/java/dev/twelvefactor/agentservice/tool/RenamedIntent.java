package dev.twelvefactor.agentservice.tool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool with an argument named {@code intent}, shown under another name: a
 * {@code tool_call} event, the model's reply and the prompt put the tool's name in
 * {@code intent}, next to the arguments, so the argument is offered to the model,
 * recorded, decided on and sent for approval as {@value #NAME} (with as many trailing
 * underscores as it takes to be unique), and the tool gets it back as {@code intent}.
 * This way a tool of an MCP server, whose names nobody here chooses, still works.
 */
final class RenamedIntent implements Tool {

	/** The argument's name everywhere but in the tool itself. */
	static final String NAME = "intent_argument";

	private static final String INTENT = "intent";

	private final Tool tool;

	private final String name;

	private final Map<String, Object> schema;

	private RenamedIntent(Tool tool, String name) {
		this.tool = tool;
		this.name = name;
		this.schema = renamed(tool.argumentSchema(), name);
	}

	/**
	 * The tool as the agent sees it: renamed when it has a top-level argument named
	 * {@code intent}, else as it is.
	 * @param tool a tool
	 * @return the tool, or one that shows its {@code intent} argument under another name
	 */
	static Tool of(Tool tool) {
		Map<?, ?> properties = (tool.argumentSchema() != null
				&& tool.argumentSchema().get("properties") instanceof Map<?, ?> map) ? map : Map.of();
		if (!properties.containsKey(INTENT)) {
			return tool;
		}
		String name = NAME;
		while (properties.containsKey(name)) {
			name = name + "_";
		}
		return new RenamedIntent(tool, name);
	}

	/**
	 * The name the {@code intent} argument goes by.
	 * @return such as {@value #NAME}
	 */
	String argumentName() {
		return this.name;
	}

	private static Map<String, Object> renamed(Map<String, Object> schema, String name) {
		Map<String, Object> copy = new LinkedHashMap<>(schema);
		Map<String, Object> properties = new LinkedHashMap<>();
		((Map<?, ?>) schema.get("properties"))
			.forEach((key, value) -> properties.put(INTENT.equals(key) ? name : String.valueOf(key), value));
		copy.put("properties", properties);
		if (schema.get("required") instanceof List<?> required) {
			copy.put("required", required.stream().map((key) -> INTENT.equals(key) ? name : key).toList());
		}
		return copy;
	}

	private Map<String, Object> original(Map<String, Object> arguments) {
		Map<String, Object> original = new LinkedHashMap<>();
		arguments.forEach((key, value) -> original.put(this.name.equals(key) ? INTENT : key, value));
		return original;
	}

	@Override
	public String name() {
		return this.tool.name();
	}

	@Override
	public String description() {
		return this.tool.description();
	}

	@Override
	public Map<String, Object> argumentSchema() {
		return this.schema;
	}

	@Override
	public ToolOrigin origin() {
		return this.tool.origin();
	}

	@Override
	public Optional<String> invalidArguments(Map<String, Object> arguments) {
		return this.tool.invalidArguments(original(arguments));
	}

	@Override
	public Optional<String> cannotRun(Map<String, Object> arguments) {
		return this.tool.cannotRun(original(arguments));
	}

	@Override
	public ToolResult call(Map<String, Object> arguments) {
		return this.tool.call(original(arguments));
	}

	@Override
	public String toString() {
		return this.tool.toString();
	}

}
