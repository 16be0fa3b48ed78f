package dev.twelvefactor.agentservice.mcp;

import java.util.ArrayList;
import java.util.List;

import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolSource;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Brings the tools of the MCP servers that {@code AGENT_MCP_CONFIG} names: connects to
 * each at startup and lists its tools. A server that cannot be started, reached or asked
 * stops the service with its name and the reason, rather than letting it run with fewer
 * tools than configured (the approval policy and the prompt are written for all of them);
 * the stdio servers are stopped when the service stops.
 */
@Component
class McpToolSource implements ToolSource, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(McpToolSource.class);

	private final McpProperties properties;

	private final List<McpConnection> connections = new ArrayList<>();

	McpToolSource(McpProperties properties) {
		this.properties = properties;
	}

	@Override
	public synchronized List<Tool> tools() {
		if (this.properties.config() == null) {
			return List.of();
		}
		List<Tool> tools = new ArrayList<>();
		for (McpServerEntry server : McpServersFile.read(this.properties.config())) {
			McpConnection connection = new McpConnection(server, this.properties);
			this.connections.add(connection);
			List<McpSchema.Tool> listed;
			try {
				listed = connection.tools();
			}
			catch (McpUnavailable ex) {
				logger.error("{}; the service stops (AGENT_MCP_CONFIG).", ex.getMessage());
				destroy();
				throw new IllegalStateException(
						ex.getMessage() + " (AGENT_MCP_CONFIG " + this.properties.config() + ")", ex);
			}
			listed
				.forEach((tool) -> tools.add(new McpTool(connection, tool, this.properties.maxResultSize().toBytes())));
			logger.info("MCP server {} brings {} tools: {}", server.name(), listed.size(),
					listed.stream().map(McpSchema.Tool::name).toList());
		}
		return tools;
	}

	@Override
	public synchronized void destroy() {
		this.connections.forEach(McpConnection::close);
		this.connections.clear();
	}

}
