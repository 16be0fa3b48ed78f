package dev.twelvefactor.agentservice.approval;

import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.security.GuardedApi;
import dev.twelvefactor.agentservice.tool.ToolOrigin;
import dev.twelvefactor.agentservice.tool.ToolRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /tools}: every tool the agent may call, with its schema, where it comes from
 * and when a call needs a person's approval, so an operator can check the policy against
 * the tools actually registered.
 */
@RestController
@Tag(name = "tools", description = "The tools the agent may call, and which calls need approval")
class ToolsController {

	private final ToolRegistry tools;

	private final ApprovalPolicy policy;

	ToolsController(ToolRegistry tools, ApprovalPolicy policy) {
		this.tools = tools;
		this.policy = policy;
	}

	@Operation(summary = "List every tool with its argument schema, source and approval requirement")
	@GetMapping("/tools")
	Tools list() {
		return new Tools(this.tools.all()
			.stream()
			.map((tool) -> new ToolView(tool.name(), tool.description(), tool.origin(), tool.argumentSchema(),
					this.policy.requirement(tool)))
			.toList());
	}

	/**
	 * The tools are part of the client API, so the API token guards them when set.
	 * @return the path the token guards
	 */
	@Bean
	static GuardedApi toolsApi() {
		return () -> List.of("/tools");
	}

	/**
	 * The registered tools.
	 *
	 * @param tools every tool: built-in first, then the application's beans, then each
	 * MCP server's
	 */
	record Tools(List<ToolView> tools) {

	}

	/**
	 * One tool.
	 *
	 * @param name the name the model calls it by
	 * @param description what the model reads about it
	 * @param source where it comes from: {@code built-in}, {@code bean}, or {@code mcp}
	 * with the server's name
	 * @param schema the JSON Schema of its arguments
	 * @param approval the rule that decides whether a call needs approval, and when
	 */
	record ToolView(String name, String description, ToolOrigin source,
			@Schema(type = "object", description = "A JSON Schema") Map<String, Object> schema, Requirement approval) {

	}

}
