package dev.twelvefactor.agentservice.security;

import java.util.List;

/**
 * A part of the HTTP API that only clients with {@code AGENT_API_TOKEN} may use, declared
 * as a bean (by the module that serves it, or by security for the thread API), so this
 * package depends on no feature.
 */
public interface GuardedApi {

	/**
	 * The paths it serves.
	 * @return Ant-style path patterns, such as {@code /thread/**}
	 */
	List<String> pathPatterns();

}
