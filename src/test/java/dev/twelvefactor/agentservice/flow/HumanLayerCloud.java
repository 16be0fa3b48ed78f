package dev.twelvefactor.agentservice.flow;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Points the app at a WireMock server that plays HumanLayer cloud, with a test key. One
 * server serves the whole test run, so every test class that imports this configuration
 * with the same properties shares one application context; each test starts from
 * {@link #reset()}.
 */
@TestConfiguration(proxyBeanMethods = false)
class HumanLayerCloud {

	/** The API's path under the server, as in HumanLayer's own base URL. */
	static final String API = "/humanlayer/v1";

	/** Enough threads for the concurrency tests' deliveries racing each other. */
	private static final int CONTAINER_THREADS = 20;

	private static WireMockServer server;

	@Bean
	DynamicPropertyRegistrar humanLayerCloudProperties() {
		return (registry) -> {
			registry.add("agent.humanlayer.api-base", () -> server().baseUrl() + API);
			registry.add("agent.humanlayer.api-key", () -> "test-key");
			registry.add("agent.humanlayer.email", () -> "ops@example.com");
		};
	}

	/**
	 * The server, started on first use and stopped when the test JVM exits.
	 */
	static synchronized WireMockServer server() {
		if (server == null) {
			WireMockServer started = new WireMockServer(
					wireMockConfig().dynamicPort().containerThreads(CONTAINER_THREADS));
			started.start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "humanlayer-cloud-stop"));
			server = started;
		}
		return server;
	}

	/**
	 * Forgets the stubs and the requests of the tests before, as a fresh server would.
	 */
	static void reset() {
		server().resetAll();
	}

}
