/**
 * The agent loop over threads; it declares {@code Planner} and {@code Humans} for the
 * model and HumanLayer clients to fill, so it sees neither them nor HTTP.
 */
@ApplicationModule(allowedDependencies = { "thread", "tool", "approval" })
package dev.twelvefactor.agentservice.agent;

import org.springframework.modulith.ApplicationModule;
