package dev.twelvefactor.agentservice.approval;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.twelvefactor.agentservice.approval.ApprovalProperties.McpDefault;
import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolOrigin;
import dev.twelvefactor.agentservice.tool.ToolRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.expression.EvaluationException;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Decides which tool calls a person must approve, from the policy file
 * ({@code AGENT_APPROVAL_POLICY}, else {@code approval-policy.yml} on the classpath). A
 * tool's exact name wins over globs; among globs the first in the file wins. A tool that
 * no rule names needs no approval, unless an MCP server brought it: then
 * {@code AGENT_APPROVAL_MCP_DEFAULT} decides ({@code always} unless set). A condition
 * that cannot be evaluated on a call's arguments asks for approval.
 */
@Component
public class ApprovalPolicy {

	static final String DEFAULT_POLICY = "approval-policy.yml";

	private static final Logger logger = LoggerFactory.getLogger(ApprovalPolicy.class);

	private final List<Rule> rules;

	private final McpDefault mcpDefault;

	@Autowired
	ApprovalPolicy(ApprovalProperties properties, ToolRegistry tools) {
		this(file(properties), properties.mcpDefault());
		logger.info("Approval policy {}: {} rules; tools from MCP servers that no rule names: {}.",
				file(properties).getDescription(), this.rules.size(), this.mcpDefault.name().toLowerCase());
		for (Rule rule : this.rules) {
			if (tools.all().stream().noneMatch((tool) -> rule.names(tool.name()))) {
				logger.info("The approval rule {} (line {}) names no tool that is registered now.", rule.pattern(),
						rule.line());
			}
		}
	}

	ApprovalPolicy(Resource file, McpDefault mcpDefault) {
		this.rules = PolicyFile.read(file);
		this.mcpDefault = mcpDefault;
	}

	private static Resource file(ApprovalProperties properties) {
		if (properties.policy() == null) {
			return new ClassPathResource(DEFAULT_POLICY);
		}
		Assert.state(Files.isRegularFile(properties.policy()),
				() -> "AGENT_APPROVAL_POLICY names " + properties.policy() + ", which is no file");
		return new FileSystemResource(properties.policy());
	}

	/**
	 * What the tool's calls need, without looking at any call.
	 * @param tool the tool
	 * @return the deciding rule, or the default
	 */
	public Requirement requirement(Tool tool) {
		Optional<Rule> rule = rule(tool.name());
		if (rule.isPresent()) {
			Rule found = rule.get();
			return new Requirement(found.pattern(), found.condition().text(), found.rejectOptions(), found.channel());
		}
		if (tool.origin().kind() == ToolOrigin.Kind.MCP) {
			return new Requirement(Requirement.MCP_DEFAULT, this.mcpDefault.name().toLowerCase(), List.of(), null);
		}
		return new Requirement(null, "never", List.of(), null);
	}

	/**
	 * Decides whether a call needs approval.
	 * @param tool the tool called
	 * @param arguments its checked arguments
	 * @return the decision and the rule that made it
	 */
	public Decision decide(Tool tool, Map<String, Object> arguments) {
		Requirement requirement = requirement(tool);
		Optional<Rule> rule = rule(tool.name());
		if (rule.isEmpty()) {
			return new Decision("always".equals(requirement.when()), requirement);
		}
		try {
			return new Decision(rule.get().condition().requires(arguments), requirement);
		}
		catch (EvaluationException | IllegalStateException ex) {
			logger.warn(
					"The approval condition \"{}\" of {} cannot be evaluated on a call of {}, which therefore "
							+ "needs approval: {}",
					requirement.when(), requirement.rule(), tool.name(), ex.getMessage());
			return new Decision(true, requirement);
		}
	}

	private Optional<Rule> rule(String tool) {
		Optional<Rule> exact = this.rules.stream().filter((rule) -> !rule.isGlob() && rule.names(tool)).findFirst();
		return exact.isPresent() ? exact : this.rules.stream().filter((rule) -> rule.names(tool)).findFirst();
	}

}
