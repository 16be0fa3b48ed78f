package dev.twelvefactor.agentservice.mcp;

/**
 * An MCP server could not be started, reached, or gave no answer in time; the message
 * names the server and says why, with its secrets struck out.
 */
class McpUnavailable extends RuntimeException {

	McpUnavailable(String message, Throwable cause) {
		super(message, cause);
	}

}
