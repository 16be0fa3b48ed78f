package dev.twelvefactor.agentservice.thread;

/**
 * The HumanLayer request a paused thread waits for.
 *
 * @param callId the id the service gave the request, echoed back by its webhook
 * @param kind whether it is a human contact or a function call
 */
public record PendingCall(String callId, CallKind kind) {
}
