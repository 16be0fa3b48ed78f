package dev.twelvefactor.agentservice.thread;

/**
 * Published when this replica may have missed changes that other replicas stored, for
 * instance while its connection that hears of them was lost: a listener that follows
 * threads reads each of them from the store again.
 */
public record ChangesElsewhereMissed() {

}
