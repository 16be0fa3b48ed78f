package dev.twelvefactor.agentservice.humanlayer;

import java.util.List;

import dev.twelvefactor.agentservice.security.GuardedApi;

import org.springframework.stereotype.Component;

/**
 * Puts the local inbox's path behind the API token, in either mode: its answers resume
 * threads.
 */
@Component
class LocalInboxApi implements GuardedApi {

	@Override
	public List<String> pathPatterns() {
		return List.of(HumanLayerProperties.LOCAL_API_PATH + "/**");
	}

}
