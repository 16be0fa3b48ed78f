package dev.twelvefactor.agentservice.thread;

import java.util.List;

import dev.twelvefactor.agentservice.security.GuardedApi;

import org.springframework.stereotype.Component;

/**
 * Puts the thread API, the one clients launch and read threads with, behind the API
 * token.
 */
@Component
class ThreadApi implements GuardedApi {

	@Override
	public List<String> pathPatterns() {
		return List.of("/thread", "/thread/**");
	}

}
