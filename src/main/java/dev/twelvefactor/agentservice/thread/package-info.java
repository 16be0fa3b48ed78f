/**
 * Threads, their store and their HTTP API: the core every other module builds on, so it
 * depends on none of them and declares {@code ThreadRunner} for the agent to fill.
 */
@ApplicationModule(allowedDependencies = {})
package dev.twelvefactor.agentservice.thread;

import org.springframework.modulith.ApplicationModule;
