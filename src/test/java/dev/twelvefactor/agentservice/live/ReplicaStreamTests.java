package dev.twelvefactor.agentservice.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.twelvefactor.agentservice.AgentServiceApplication;
import dev.twelvefactor.agentservice.store.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas on one PostgreSQL database: a client that follows a thread's events on
 * replica B sees what replica A's loop does with it, as the database's notifications
 * relay A's changes to B.
 */
class ReplicaStreamTests {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aStreamOnOneReplicaFollowsWhatTheOtherDoes() throws Exception {
		TestPostgres postgres = TestPostgres.get();
		String[] store = { "--agent.store.type=postgres", "--agent.store.database.url=" + postgres.createDatabase(),
				"--agent.store.database.user=" + postgres.user() };
		try (ConfigurableApplicationContext a = start(store); ConfigurableApplicationContext b = start(store)) {
			String threadId = this.json.readTree(send(a, "POST", "/thread", "{\"message\":\"can you divide 3 by 4\"}"))
				.path("thread_id")
				.asString();
			JsonNode paused = await().atMost(Duration.ofSeconds(20))
				.until(() -> this.json.readTree(send(b, "GET", "/thread/" + threadId, null)),
						(thread) -> thread.path("waiting_for").hasNonNull("sent_at"));
			String callId = paused.path("waiting_for").path("call_id").asString();

			try (EventStream stream = EventStream.open(uri(b, "/thread/" + threadId + "/events"), null)) {
				assertThat(stream.untilStatus()).extracting(EventStream.Message::event)
					.containsExactly("thread-event", "thread-event", "status");

				send(a, "POST", "/webhook", """
						{"type":"function_call.completed","is_test":false,"event":{"run_id":"12fa-agent","call_id":"%s",
						 "spec":{"fn":"divide","kwargs":{"a":3,"b":4},"state":{"thread_id":"%s"}},
						 "status":{"requested_at":"2026-12-07T14:03:11.482Z","responded_at":"2026-12-07T14:05:02.310Z",
						           "approved":true,"comment":null,"reject_option_name":null}}}
						""".formatted(callId, threadId));

				List<EventStream.Message> followed = stream.untilStatus();
				while (!followed.get(followed.size() - 1).data().contains("awaiting_human_response")) {
					followed.addAll(stream.untilStatus());
				}
				assertThat(followed).filteredOn((message) -> "thread-event".equals(message.event()))
					.extracting(EventStream.Message::data)
					.anySatisfy((data) -> assertThat(data).contains("tool_response", "0.75"))
					.anySatisfy((data) -> assertThat(data).contains("done_for_now"));
			}
		}
	}

	private static ConfigurableApplicationContext start(String... store) {
		return new SpringApplicationBuilder(AgentServiceApplication.class).run(concat(
				new String[] { "--server.port=0", "--agent.llm.provider=offline", "--spring.main.banner-mode=off" },
				store));
	}

	private static String[] concat(String[] first, String[] second) {
		String[] both = new String[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private String send(ConfigurableApplicationContext replica, String method, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(replica, path)).header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		HttpResponse<String> response = this.http.send(
				request
					.method(method,
							(body != null) ? HttpRequest.BodyPublishers.ofString(body)
									: HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
		return response.body();
	}

	private static URI uri(ConfigurableApplicationContext replica, String path) {
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		return URI.create("http://localhost:" + port + path);
	}

}
