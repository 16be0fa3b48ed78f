package dev.twelvefactor.agentservice.approval;

/**
 * What the policy decided about one call.
 *
 * @param required whether a person must approve the call before it runs
 * @param requirement the rule that decided, with how to ask
 */
public record Decision(boolean required, Requirement requirement) {

}
