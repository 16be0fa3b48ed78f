package dev.twelvefactor.agentservice.approval;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the approval policy is, and what it says about tools from MCP servers that none
 * of its rules names.
 *
 * @param policy the policy file (YAML), or {@code null} for the default on the classpath
 * ({@code approval-policy.yml}: {@code divide} needs approval)
 * @param mcpDefault whether a tool from an MCP server that no rule names needs approval
 */
@ConfigurationProperties("agent.approval")
record ApprovalProperties(Path policy, @DefaultValue("always") McpDefault mcpDefault) {

	/**
	 * What an MCP tool no rule names needs.
	 */
	enum McpDefault {

		/** A person approves each call: deny by default. */
		ALWAYS,

		/** Calls run without a person. */
		NEVER

	}

}
