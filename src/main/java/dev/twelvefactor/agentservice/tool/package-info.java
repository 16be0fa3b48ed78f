/**
 * The tools the agent may call: the {@code Tool} interface an application implements,
 * {@code ToolSource} for tools found at startup (such as an MCP server's), and the
 * registry that holds them all by name.
 */
@ApplicationModule(allowedDependencies = {})
package dev.twelvefactor.agentservice.tool;

import org.springframework.modulith.ApplicationModule;
