package dev.twelvefactor.agentservice.tool;

import java.util.List;

/**
 * Registries of given tools, for tests outside a Spring context.
 */
public final class ToolRegistries {

	private ToolRegistries() {
	}

	public static ToolRegistry of(List<Tool> tools) {
		return new ToolRegistry(tools);
	}

}
