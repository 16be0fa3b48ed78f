package dev.twelvefactor.agentservice.security;

import java.util.List;

/**
 * A part of the HTTP API that only clients with {@code AGENT_API_TOKEN} may use, declared
 * as a bean by the module that serves it, so this package needs to know none of them.
 */
public interface GuardedApi {

	/**
	 * The paths it serves.
	 * @return Ant-style path patterns, such as {@code /thread/**}
	 */
	List<String> pathPatterns();

}
