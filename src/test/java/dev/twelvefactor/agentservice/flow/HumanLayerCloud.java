package dev.twelvefactor.agentservice.flow;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points the app at a WireMock server that plays HumanLayer cloud, with a test key.
 */
final class HumanLayerCloud {

	/** The API's path under the server, as in HumanLayer's own base URL. */
	static final String API = "/humanlayer/v1";

	private HumanLayerCloud() {
	}

	static void properties(DynamicPropertyRegistry registry, WireMockExtension humanLayer) {
		registry.add("agent.humanlayer.api-base", () -> humanLayer.baseUrl() + API);
		registry.add("agent.humanlayer.api-key", () -> "test-key");
		registry.add("agent.humanlayer.email", () -> "ops@example.com");
	}

}
