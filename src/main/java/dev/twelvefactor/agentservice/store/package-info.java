/**
 * The durable stores: threads, handled webhook ids and the messages that began threads in
 * an embedded file database ({@code AGENT_STORE=file}) or in PostgreSQL
 * ({@code AGENT_STORE=postgres}), behind the interfaces {@code thread/} and
 * {@code webhook/} declare. With the in-memory default it starts nothing: no DataSource,
 * no pool, no migration.
 */
@ApplicationModule(allowedDependencies = { "thread", "webhook" })
package dev.twelvefactor.agentservice.store;

import org.springframework.modulith.ApplicationModule;
