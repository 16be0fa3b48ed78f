package dev.twelvefactor.agentservice.tool;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Every tool the agent may call, by name: the {@link Tool} beans and the tools of the
 * {@link ToolSource} beans, gathered once at startup, each with its argument schema
 * compiled. Two tools with one name, or a schema that cannot be read, stop the service;
 * an argument named {@code intent} is shown under another name ({@link RenamedIntent}).
 */
@Component
public class ToolRegistry {

	private static final Logger logger = LoggerFactory.getLogger(ToolRegistry.class);

	private final Map<String, Registered> tools = new LinkedHashMap<>();

	@Autowired
	ToolRegistry(ObjectProvider<Tool> tools, ObjectProvider<ToolSource> sources) {
		this(Stream.concat(tools.orderedStream(), sources.orderedStream().flatMap((source) -> source.tools().stream()))
			.toList());
	}

	ToolRegistry(List<Tool> tools) {
		tools.stream().sorted(Comparator.comparing((Tool tool) -> tool.origin().kind())).forEach(this::register);
	}

	private void register(Tool declared) {
		Tool tool = RenamedIntent.of(declared);
		Assert.state(tool.name() != null && !tool.name().isBlank(), () -> "A tool has no name: " + tool);
		if (tool instanceof RenamedIntent renamed) {
			logger.warn("Tool {} has an argument named intent, which a tool_call event uses for the tool's name: "
					+ "the model, the thread, the approval policy and HumanLayer see it as {}, and the tool "
					+ "gets it back as intent.", tool.name(), renamed.argumentName());
		}
		Registered other = this.tools.get(tool.name());
		Assert.state(other == null, () -> "Two tools are named " + tool.name() + ": one from " + describe(other.tool())
				+ ", one from " + describe(tool));
		this.tools.put(tool.name(), new Registered(tool, new ArgumentSchema(tool.name(), tool.argumentSchema())));
	}

	private static String describe(Tool tool) {
		ToolOrigin origin = tool.origin();
		return (origin.server() != null) ? "MCP server " + origin.server() : origin.kind().jsonName();
	}

	/**
	 * The tool of the given name.
	 * @param name the name the model used
	 * @return the tool, or empty when none has that name
	 */
	public Optional<Tool> find(String name) {
		return Optional.ofNullable(this.tools.get(name)).map(Registered::tool);
	}

	/**
	 * All tools: the built-in ones, then the beans, then the tools of MCP servers, each
	 * group in the order it was declared or listed.
	 * @return the tools
	 */
	public List<Tool> all() {
		return this.tools.values().stream().map(Registered::tool).toList();
	}

	/**
	 * Checks a call's arguments against the tool's schema, then against what the tool
	 * itself checks.
	 * @param tool a registered tool
	 * @param arguments the model's arguments
	 * @return the arguments as the tool takes them: numbers written as strings where the
	 * schema wants numbers are read as numbers, and every number is a
	 * {@link java.math.BigDecimal}
	 * @throws InvalidArguments when the arguments do not fit
	 */
	public Map<String, Object> check(Tool tool, Map<String, Object> arguments) {
		Registered registered = this.tools.get(tool.name());
		Assert.state(registered != null && registered.tool() == tool,
				() -> "Tool " + tool.name() + " is not registered");
		Map<String, Object> checked = registered.schema().check(arguments);
		Optional<String> invalid = tool.invalidArguments(checked);
		if (invalid.isPresent()) {
			throw new InvalidArguments(invalid.get());
		}
		return checked;
	}

	private record Registered(Tool tool, ArgumentSchema schema) {

	}

}
