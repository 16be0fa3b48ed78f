/**
 * The API token: other modules declare what it guards ({@code GuardedApi}), so it depends
 * on none of them.
 */
@ApplicationModule(allowedDependencies = {})
package dev.twelvefactor.agentservice.security;

import org.springframework.modulith.ApplicationModule;
