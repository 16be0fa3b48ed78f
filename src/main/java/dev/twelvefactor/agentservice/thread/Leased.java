package dev.twelvefactor.agentservice.thread;

/**
 * A thread as stored, with the lease this process holds on the work it owes, read
 * together where that work begins.
 *
 * @param thread the thread
 * @param lease the lease its work is done under
 */
public record Leased(AgentThread thread, Lease lease) {

}
