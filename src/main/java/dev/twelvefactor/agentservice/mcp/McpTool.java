package dev.twelvefactor.agentservice.mcp;

import java.util.Map;

import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolFailure;
import dev.twelvefactor.agentservice.tool.ToolOrigin;
import dev.twelvefactor.agentservice.tool.ToolResult;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A tool an MCP server brought, named {@code <server>.<tool>}, with the description and
 * input schema the server gave. Its results, error results included, become
 * {@code tool_response} events; a JSON-RPC error is an {@code error} the model corrects;
 * a server that cannot be reached or answers too late fails the thread at the tool step,
 * and a retry calls it again.
 */
final class McpTool implements Tool {

	private final McpConnection connection;

	private final McpSchema.Tool tool;

	private final long maxResultBytes;

	McpTool(McpConnection connection, McpSchema.Tool tool, long maxResultBytes) {
		this.connection = connection;
		this.tool = tool;
		this.maxResultBytes = maxResultBytes;
	}

	@Override
	public String name() {
		return this.connection.server().name() + "." + this.tool.name();
	}

	@Override
	public String description() {
		if (this.tool.description() != null && !this.tool.description().isBlank()) {
			return this.tool.description();
		}
		return (this.tool.title() != null) ? this.tool.title() : this.tool.name();
	}

	@Override
	public Map<String, Object> argumentSchema() {
		return this.tool.inputSchema();
	}

	@Override
	public ToolOrigin origin() {
		return ToolOrigin.mcp(this.connection.server().name());
	}

	@Override
	public ToolResult call(Map<String, Object> arguments) {
		try {
			return ToolResult
				.of(McpResults.text(this.connection.call(this.tool.name(), arguments), this.maxResultBytes));
		}
		catch (McpRefusal ex) {
			return ToolResult.error(name() + " refused the call: " + ex.getMessage());
		}
		catch (McpUnavailable ex) {
			throw new ToolFailure(ex.getMessage(), ex);
		}
	}

}
