package dev.twelvefactor.agentservice.agent;

import dev.twelvefactor.agentservice.approval.ApprovalPolicies;
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
		Calculator calculator = CalculatorTests.calculator();
		return new Steps(ToolRegistries.of(new CalculatorTools(calculator).tools()), ApprovalPolicies.standard());
	}

}
