package dev.twelvefactor.agentservice.approval;

import dev.twelvefactor.agentservice.approval.ApprovalProperties.McpDefault;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

/**
 * Approval policies for tests outside a Spring context.
 */
public final class ApprovalPolicies {

	private ApprovalPolicies() {
	}

	/**
	 * The policy the service ships.
	 * @return the default policy
	 */
	public static ApprovalPolicy standard() {
		return new ApprovalPolicy(new ClassPathResource(ApprovalPolicy.DEFAULT_POLICY), McpDefault.ALWAYS);
	}

	/**
	 * A policy of the given YAML.
	 * @param yaml the policy file's text
	 * @return the policy
	 */
	public static ApprovalPolicy of(String yaml) {
		return new ApprovalPolicy(new ByteArrayResource(yaml.getBytes(), "policy.yml"), McpDefault.ALWAYS);
	}

}
