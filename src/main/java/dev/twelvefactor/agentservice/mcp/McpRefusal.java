package dev.twelvefactor.agentservice.mcp;

/**
 * An MCP server answered a tool call with a JSON-RPC error (an unknown tool, arguments it
 * does not take) rather than a result: the server is there, the call was wrong.
 */
class McpRefusal extends RuntimeException {

	McpRefusal(String message) {
		super(message);
	}

}
