package dev.twelvefactor.agentservice.agent;

import java.util.ArrayList;
import java.util.List;

import dev.twelvefactor.agentservice.approval.ApprovalPolicies;
import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolRegistries;

/**
 * The steps of the service as it ships (the calculator and the default approval policy),
 * for tests outside a Spring context.
 */
public final class StepsFixtures {

	private StepsFixtures() {
	}

	/**
	 * The calculator's tools within the default bounds, the default policy, and the human
	 * steps.
	 * @return the steps
	 */
	public static Steps standard() {
		return with(List.of());
	}

	/**
	 * The calculator's tools and the human steps under another approval policy.
	 * @param policy the policy file's text
	 * @return the steps
	 */
	public static Steps withPolicy(String policy) {
		return new Steps(ToolRegistries.of(new CalculatorTools(CalculatorTests.calculator()).tools()),
				ApprovalPolicies.of(policy));
	}

	/**
	 * The standard steps with more tools, which the default policy does not name.
	 * @param tools the application's tools
	 * @return the steps
	 */
	public static Steps with(List<Tool> tools) {
		List<Tool> all = new ArrayList<>(new CalculatorTools(CalculatorTests.calculator()).tools());
		all.addAll(tools);
		return new Steps(ToolRegistries.of(all), ApprovalPolicies.standard());
	}

}
