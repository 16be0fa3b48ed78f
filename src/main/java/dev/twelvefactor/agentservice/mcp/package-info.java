/**
 * Tools from MCP servers: the servers of the {@code mcpServers} file, reached through the
 * official MCP Java SDK, each contributing its tools to the registry.
 */
@ApplicationModule(allowedDependencies = { "tool", "http" })
package dev.twelvefactor.agentservice.mcp;

import org.springframework.modulith.ApplicationModule;
