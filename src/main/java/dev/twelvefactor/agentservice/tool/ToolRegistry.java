package dev.twelvefactor.agentservice.tool;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Every tool the agent may call, by name: the {@link Tool} beans and the tools of the
 * {@link ToolSource} beans, gathered once at startup. Two tools with one name stop the
 * service.
 */
@Component
public class ToolRegistry {

	private final Map<String, Tool> tools = new LinkedHashMap<>();

	ToolRegistry(ObjectProvider<Tool> tools, ObjectProvider<ToolSource> sources) {
		tools.orderedStream().forEach(this::register);
		sources.orderedStream().flatMap((source) -> source.tools().stream()).forEach(this::register);
	}

	private void register(Tool tool) {
		Assert.state(tool.name() != null && !tool.name().isBlank(), () -> "A tool has no name: " + tool);
		Tool other = this.tools.putIfAbsent(tool.name(), tool);
		Assert.state(other == null, () -> "Two tools are named " + tool.name() + ": one from " + describe(other)
				+ ", one from " + describe(tool));
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
		return Optional.ofNullable(this.tools.get(name));
	}

	/**
	 * All tools, in the order they were registered: beans, then the sources' tools.
	 * @return the tools
	 */
	public Collection<Tool> all() {
		return List.copyOf(this.tools.values());
	}

}
