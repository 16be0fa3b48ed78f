package dev.twelvefactor.agentservice.approval;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.approval.ApprovalProperties.McpDefault;
import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolOrigin;
import dev.twelvefactor.agentservice.tool.ToolResult;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApprovalPolicy}.
 */
class ApprovalPolicyTests {

	private final ApprovalPolicy policy = ApprovalPolicies.of(ToolPolicyFixtures.POLICY);

	@Test
	void theShortFormSaysAlwaysNeverOrACondition() {
		assertThat(this.policy.requirement(tool("everything.echo", ToolOrigin.mcp("everything"))))
			.isEqualTo(new Requirement("everything.echo", "never", List.of(), null));
		assertThat(this.policy.decide(tool("github.create_issue", ToolOrigin.mcp("github")), Map.of()).required())
			.isTrue();
	}

	@Test
	void aConditionAsksForSomeCallsAndLetsOthersThrough() {
		Tool refund = tool("refund", ToolOrigin.BEAN);
		assertThat(this.policy.decide(refund, Map.of("amount", new BigDecimal("250"))))
			.isEqualTo(new Decision(true, new Requirement("refund", "amount > 100", List.of(), null)));
		assertThat(this.policy.decide(refund, Map.of("amount", new BigDecimal("100"))).required()).isFalse();
	}

	@Test
	void aConditionMayCallTheSafeMethodsOnStringsAndCollections() {
		Tool read = tool("files.read", ToolOrigin.mcp("files"));
		assertThat(this.policy.decide(read, Map.of("path", "/etc/passwd", "tags", List.of())).required()).isTrue();
		assertThat(this.policy.decide(read, Map.of("path", "/tmp/x", "tags", List.of("secret"))).required()).isTrue();
		assertThat(this.policy.decide(read, Map.of("path", "/tmp/x", "tags", List.of())).required()).isFalse();
	}

	@Test
	void aConditionThatCannotBeEvaluatedOnACallAsksForApproval() {
		assertThat(this.policy.decide(tool("refund", ToolOrigin.BEAN), Map.of("reason", "no amount")).required())
			.isTrue();
	}

	@Test
	void theLongFormCarriesRejectOptionsAndAChannel() {
		Requirement divide = this.policy.requirement(tool("divide", ToolOrigin.BUILT_IN));
		assertThat(divide.rejectOptions()).containsExactly(RejectOption.named("use another number"),
				new RejectOption("not_now", "Not now", "Ask again later", "later, because ", true));
		assertThat(divide.channel()).isEqualTo(new ApprovalChannel(null, "C0123ABCDEF"));
		assertThat(this.policy.requirement(tool("github.delete_repo", ToolOrigin.mcp("github"))))
			.isEqualTo(new Requirement("github.*", "always", List.of(), null));
	}

	@Test
	void anExactNameWinsOverGlobsAndTheFirstGlobWinsOverLaterOnes() {
		Tool delete = tool("files.delete_all", ToolOrigin.mcp("files"));
		assertThat(this.policy.requirement(delete).rule()).isEqualTo("*.delete_*");
		assertThat(this.policy.requirement(delete).channel()).isEqualTo(new ApprovalChannel("ops@example.com", null));
		assertThat(this.policy.requirement(tool("github.delete_repo", ToolOrigin.BEAN)).rule()).isEqualTo("github.*");
	}

	@Test
	void anMcpToolNoRuleNamesNeedsApprovalUnlessTheDefaultSaysNever() {
		Tool mcp = tool("weather.forecast", ToolOrigin.mcp("weather"));
		assertThat(this.policy.decide(mcp, Map.of()))
			.isEqualTo(new Decision(true, new Requirement("mcp-default", "always", List.of(), null)));
		ApprovalPolicy lenient = new ApprovalPolicy(new ByteArrayResource(new byte[0]), McpDefault.NEVER);
		assertThat(lenient.decide(mcp, Map.of()).required()).isFalse();
	}

	@Test
	void aToolNoRuleNamesAndNoMcpServerBroughtIsNotAskedAbout() {
		assertThat(this.policy.decide(tool("add", ToolOrigin.BUILT_IN), Map.of()))
			.isEqualTo(new Decision(false, new Requirement(null, "never", List.of(), null)));
	}

	@Test
	void theDefaultPolicyAsksForEveryDivideWithTwoRejectOptions() {
		Requirement divide = ApprovalPolicies.standard().requirement(tool("divide", ToolOrigin.BUILT_IN));
		assertThat(divide).isEqualTo(new Requirement("divide", "always",
				List.of(RejectOption.named("use another number"), RejectOption.named("not now")), null));
	}

	private static Tool tool(String name, ToolOrigin origin) {
		return new Tool() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public String description() {
				return name;
			}

			@Override
			public Map<String, Object> argumentSchema() {
				return Map.of("type", "object");
			}

			@Override
			public ToolOrigin origin() {
				return origin;
			}

			@Override
			public ToolResult call(Map<String, Object> arguments) {
				return ToolResult.of("called");
			}

		};
	}

}
