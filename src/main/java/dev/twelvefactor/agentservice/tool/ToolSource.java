package dev.twelvefactor.agentservice.tool;

import java.util.List;

/**
 * Contributes tools that are found rather than declared, such as those an MCP server
 * lists: a Spring bean of this type is asked once, when the registry is built at startup.
 */
@FunctionalInterface
public interface ToolSource {

	/**
	 * The tools to register.
	 * @return the tools, each with a name unique among all tools
	 */
	List<Tool> tools();

}
