package dev.twelvefactor.agentservice.thread;

import java.util.UUID;

/**
 * Published when another replica stored a change of a thread: it carries the id only, so
 * a listener that cares reads the thread from the store. Replicas that share no store
 * never publish it.
 *
 * @param threadId the thread that changed
 */
public record ThreadChangedElsewhere(UUID threadId) {

}
