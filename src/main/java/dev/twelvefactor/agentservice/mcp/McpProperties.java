package dev.twelvefactor.agentservice.mcp;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Which MCP servers bring tools, and how long and how much the service takes from them.
 *
 * @param config the {@code mcpServers} JSON file, or {@code null} for no MCP servers
 * @param maxResultSize the most of one tool result that goes on the thread (as UTF-8);
 * the rest is cut, and the result says so
 * @param startupTimeout how long one server may take to start and list its tools, at
 * startup and when it is connected again after a failure
 * @param callTimeout how long one tool call may take before the thread fails at the tool
 * step; a server that stopped mid-call is noticed then
 */
@ConfigurationProperties("agent.mcp")
record McpProperties(Path config, @DefaultValue("16KB") DataSize maxResultSize,
		@DefaultValue("30s") Duration startupTimeout, @DefaultValue("30s") Duration callTimeout) {

	McpProperties {
		Assert.state(maxResultSize.toBytes() > 0, "AGENT_MCP_MAX_RESULT_SIZE must be positive");
		Assert.state(positive(startupTimeout), "AGENT_MCP_STARTUP_TIMEOUT must be a positive duration");
		Assert.state(positive(callTimeout), "AGENT_MCP_CALL_TIMEOUT must be a positive duration");
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
