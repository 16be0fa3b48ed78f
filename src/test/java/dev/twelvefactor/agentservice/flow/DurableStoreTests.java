package dev.twelvefactor.agentservice.flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.AgentServiceApplication;
import dev.twelvefactor.agentservice.store.TestPostgres;
import dev.twelvefactor.agentservice.webhook.HandledDeliveries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads outlive the process on the durable stores: over HTTP through the running app, a
 * thread paused on each kind of request, the application closed and started again on the
 * same store, and every thread is there with every event, and the webhook's answer
 * resumes it.
 */
class DurableStoreTests {

	@Test
	void pausedThreadsOutliveARestartOnTheFileStore(@TempDir Path directory) {
		outliveARestart("--agent.store.type=file", "--agent.store.path=" + directory);
	}

	@Test
	void pausedThreadsOutliveARestartOnPostgres() {
		TestPostgres postgres = TestPostgres.get();
		outliveARestart("--agent.store.type=postgres", "--agent.store.database.url=" + postgres.createDatabase(),
				"--agent.store.database.user=" + postgres.user());
	}

	private void outliveARestart(String... store) {
		String approval;
		String question;
		JsonNode approvalBefore;
		JsonNode questionBefore;
		try (ConfigurableApplicationContext context = start(store)) {
			assertThat(context.getBean(HandledDeliveries.class).getClass().getSimpleName()).isEqualTo("JdbcDeliveries");
			ServiceClient service = client(context);
			approval = service.launch("can you divide 3 by 4");
			question = service.launch("can you multiply 3 and fe1iiaff10");
			approvalBefore = service.awaitStatus(approval, "awaiting_approval", 2);
			questionBefore = service.awaitStatus(question, "awaiting_human_response", 2);
		}
		try (ConfigurableApplicationContext context = start(store)) {
			ServiceClient service = client(context);
			assertThat(service.thread(approval)).isEqualTo(approvalBefore);
			assertThat(service.thread(question)).isEqualTo(questionBefore);

			ServiceClient.Answer approved = service.webhook(
					Webhooks.functionCallCompleted(approval, ServiceClient.pendingCallId(approvalBefore), true, null),
					Map.of("webhook-id", "msg_approval"));
			assertThat(approved.status()).isEqualTo(HttpStatus.OK);
			assertThat(approved.body().get("status").asString()).isEqualTo("applied");
			ServiceClient.Answer again = service.webhook(
					Webhooks.functionCallCompleted(approval, ServiceClient.pendingCallId(approvalBefore), true, null),
					Map.of("webhook-id", "msg_approval"));
			assertThat(again.body().get("status").asString()).isEqualTo("duplicate");
			assertThat(FlowTests.lines(service.awaitStatus(approval, "awaiting_human_response", 4))).containsExactly(
					"user_input: can you divide 3 by 4", "tool_call: divide 3 4", "tool_response: 0.75",
					"tool_call: done_for_now");

			ServiceClient.Answer replied = service.webhook(Webhooks.humanContactCompleted(question,
					ServiceClient.pendingCallId(questionBefore), "lets try 12 instead"));
			assertThat(replied.body().get("status").asString()).isEqualTo("applied");
			assertThat(FlowTests.lines(service.awaitStatus(question, "awaiting_human_response", 6))).containsExactly(
					"user_input: can you multiply 3 and fe1iiaff10", "tool_call: request_more_information",
					"human_response: lets try 12 instead", "tool_call: multiply 3 12", "tool_response: 36",
					"tool_call: done_for_now");
		}
	}

	private static ConfigurableApplicationContext start(String... store) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--agent.llm.provider=offline"));
		arguments.addAll(List.of(store));
		return new SpringApplicationBuilder(AgentServiceApplication.class).run(arguments.toArray(String[]::new));
	}

	private static ServiceClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return new ServiceClient(RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build());
	}

}
