package dev.twelvefactor.agentservice.flow;

import java.util.ArrayList;
import java.util.List;

import dev.twelvefactor.agentservice.AgentServiceApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Starts the whole service on a store, as a process would, for the tests that stop it and
 * start it again, or run two of it on one database.
 */
final class StoreApps {

	private StoreApps() {
	}

	/**
	 * Starts the service on a free port with the offline planner.
	 * @param sources the application and any test configuration
	 * @param arguments the store's settings and any other
	 * @return the running service
	 */
	static ConfigurableApplicationContext start(List<Class<?>> sources, String... arguments) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--agent.llm.provider=offline"));
		all.addAll(List.of(arguments));
		return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).run(all.toArray(String[]::new));
	}

	static ConfigurableApplicationContext start(String... arguments) {
		return start(List.of(AgentServiceApplication.class), arguments);
	}

	static ServiceClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return new ServiceClient(RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build());
	}

}
