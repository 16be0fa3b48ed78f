package dev.twelvefactor.agentservice.security;

import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.PathMatcher;

/**
 * Every path the API token guards: what the interceptor checks and what the OpenAPI
 * description marks as needing the token.
 */
@Component
public class GuardedPaths {

	private static final PathMatcher matcher = new AntPathMatcher();

	private final List<String> patterns;

	GuardedPaths(List<GuardedApi> apis) {
		this.patterns = apis.stream().flatMap((api) -> api.pathPatterns().stream()).toList();
	}

	List<String> patterns() {
		return this.patterns;
	}

	/**
	 * Whether a path needs the token when one is set.
	 * @param path a path, or a path template such as {@code /thread/{id}}
	 * @return true when a guarded pattern matches it
	 */
	public boolean guards(String path) {
		return this.patterns.stream().anyMatch((pattern) -> matcher.match(pattern, path));
	}

}
