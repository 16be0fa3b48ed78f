/**
 * The shared outbound HTTP client, which the clients of HumanLayer and the model use; it
 * knows none of them.
 */
@ApplicationModule(allowedDependencies = {})
package dev.twelvefactor.agentservice.http;

import org.springframework.modulith.ApplicationModule;
