package dev.twelvefactor.agentservice.thread;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the approval policy decided about one tool call, kept on its {@code tool_call}
 * event so that an audit shows why a call ran with or without a person.
 *
 * @param decision whether a person had to approve the call
 * @param rule the policy's rule that decided, as written (a tool's name or a glob), or
 * {@code mcp-default} for a tool from an MCP server that no rule names; absent when no
 * rule names the tool and it is not asked about
 * @param when the rule's condition: {@code always}, {@code never}, or the expression on
 * the arguments
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalDecision(Decision decision, String rule, String when) {

	/**
	 * Whether a call needs a person's approval.
	 */
	public enum Decision {

		REQUIRED, NOT_REQUIRED;

		@JsonValue
		public String jsonName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
