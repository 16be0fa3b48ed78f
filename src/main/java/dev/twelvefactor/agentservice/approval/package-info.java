/**
 * Which tool calls a person must approve, as the operator configures it: the policy file
 * of {@code AGENT_APPROVAL_POLICY}, checked at startup, and {@code GET /tools}, which
 * reports every tool with what its approval needs.
 */
@ApplicationModule(allowedDependencies = { "tool", "security" })
package dev.twelvefactor.agentservice.approval;

import org.springframework.modulith.ApplicationModule;
