package dev.twelvefactor.agentservice.approval;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a tool's calls need, as the policy says it: the rule that names the tool, when a
 * call needs approval, and how a person is asked.
 *
 * @param rule the rule's tool name or glob as written, {@value #MCP_DEFAULT} for a tool
 * from an MCP server that no rule names, or {@code null} when no rule names the tool
 * @param when {@code always}, {@code never}, or the condition on the arguments
 * @param rejectOptions canned rejections a person may pick
 * @param channel where to ask, or {@code null} for the service's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Requirement(String rule, String when, List<RejectOption> rejectOptions, ApprovalChannel channel) {

	/** The rule named on decisions that the default for MCP tools made. */
	public static final String MCP_DEFAULT = "mcp-default";

	public Requirement {
		rejectOptions = List.copyOf(rejectOptions);
	}

}
