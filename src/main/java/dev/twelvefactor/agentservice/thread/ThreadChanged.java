package dev.twelvefactor.agentservice.thread;

/**
 * Published after the store took a new or changed thread, outside its atomic update, so
 * live views can follow threads without polling the store; listeners must return quickly
 * and never throw, since they run on the thread that changed it.
 *
 * @param thread the thread as stored; a listener that must not miss a change reads the
 * store again, because two changes of one thread may be announced out of order
 */
public record ThreadChanged(AgentThread thread) {

}
