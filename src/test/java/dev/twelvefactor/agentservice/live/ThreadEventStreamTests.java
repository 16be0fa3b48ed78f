package dev.twelvefactor.agentservice.live;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.twelvefactor.agentservice.live.EventStream.Message;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /thread/{id}/events} over real HTTP: a thread stored and changed directly,
 * so every change it streams is known.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient // unused here; it keys this class to the context the flow
								// tests share
class ThreadEventStreamTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ThreadStore threads;

	@Autowired
	private ThreadStreams streams;

	@Autowired
	private JsonMapper json;

	@Test
	void eventsArriveInOrderAsTheThreadChanges() {
		UUID id = this.threads.create("can you multiply 3 and 4?").id();
		try (EventStream stream = EventStream.open(eventsOf(id), null)) {
			List<Message> initial = stream.untilStatus();
			assertThat(initial).extracting(Message::id).containsExactly("0", null);
			assertThat(data(initial.get(0))).isEqualTo(
					this.json.readTree("{\"index\":0,\"type\":\"user_input\",\"data\":\"can you multiply 3 and 4?\"}"));
			assertThat(data(initial.get(1)).get("status").asString()).isEqualTo("running");

			update(id,
					(thread) -> thread.append(List.of(Event.toolCall(Map.of("intent", "multiply", "a", 3, "b", 4)))));
			update(id, (thread) -> thread.append(List.of(Event.toolResponse(new BigDecimal("12")))));
			update(id, (thread) -> thread.pause(new PendingCall("human_call-1", CallKind.HUMAN_CONTACT),
					List.of(Event.toolCall(Map.of("intent", "done_for_now", "message", "3 times 4 is 12")))));

			List<Message> changes = stream.untilStatus();
			assertThat(changes).extracting(Message::event)
				.containsExactly("thread-event", "thread-event", "thread-event", "status");
			assertThat(changes).extracting(Message::id).containsExactly("1", "2", "3", null);
			assertThat(changes.subList(0, 3)).extracting((message) -> data(message).get("type").asString())
				.containsExactly("tool_call", "tool_response", "tool_call");
			assertThat(data(changes.get(1)).get("data").decimalValue()).isEqualByComparingTo("12");
			JsonNode status = data(changes.get(3));
			assertThat(status.get("status").asString()).isEqualTo("awaiting_human_response");
			assertThat(status.get("waiting_for").get("call_id").asString()).isEqualTo("human_call-1");
		}
	}

	@Test
	void aReconnectWithLastEventIdReplaysExactlyTheMissedEvents() {
		UUID id = this.threads.create("can you add 1 and 2, then add 3?").id();
		update(id, (thread) -> thread.append(List.of(Event.toolCall(Map.of("intent", "add", "a", 1, "b", 2)),
				Event.toolResponse(new BigDecimal("3")))));
		try (EventStream stream = EventStream.open(eventsOf(id), null)) {
			assertThat(stream.untilStatus()).extracting(Message::id).containsExactly("0", "1", "2", null);
		}
		update(id, (thread) -> thread.append(List.of(Event.toolCall(Map.of("intent", "add", "a", 3, "b", 3)),
				Event.toolResponse(new BigDecimal("6")))));

		try (EventStream stream = EventStream.open(eventsOf(id), "2")) {
			List<Message> replayed = stream.untilStatus();
			assertThat(replayed).extracting(Message::id).containsExactly("3", "4", null);
			assertThat(data(replayed.get(1)).get("data").decimalValue()).isEqualByComparingTo("6");

			update(id, (thread) -> thread.append(List.of(Event.toolCall(Map.of("intent", "add", "a", 6, "b", 1)))));
			Message live = stream.next();
			assertThat(live.id()).isEqualTo("5");
			assertThat(data(live).get("index").asInt()).isEqualTo(5);
		}
	}

	@Test
	void aClosedStreamIsForgotten() {
		UUID id = this.threads.create("can you add 1 and 2?").id();
		try (EventStream stream = EventStream.open(eventsOf(id), null)) {
			stream.untilStatus();
			assertThat(subscribers(id)).isEqualTo(1);
		}
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
			update(id, (thread) -> thread.append(List.of(Event.error("a change the closed stream cannot take"))));
			return subscribers(id) == 0;
		});
	}

	@Test
	void streamsWorkAgainAfterAStopAndAStart() {
		UUID id = this.threads.create("can you add 1 and 2?").id();
		this.streams.stop();
		this.streams.start();

		try (EventStream stream = EventStream.open(eventsOf(id), null)) {
			assertThat(stream.untilStatus()).extracting(Message::id).containsExactly("0", null);
		}
	}

	@Test
	void anUnknownThreadIsANotFoundProblem() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(eventsOf(UUID.randomUUID())).header("Accept", "text/event-stream").build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(this.json.readTree(response.body()).get("type").asString())
			.isEqualTo("urn:problem-type:thread-not-found");
	}

	private void update(UUID id, java.util.function.UnaryOperator<AgentThread> change) {
		assertThat(this.threads.update(id, change)).isPresent();
	}

	/**
	 * Counts the open streams of a thread, read from the streams' own registry.
	 */
	@SuppressWarnings("unchecked")
	private int subscribers(UUID id) {
		Map<?, ? extends Set<?>> subscribers = (Map<?, ? extends Set<?>>) ReflectionTestUtils.getField(this.streams,
				"subscribers");
		Set<?> set = subscribers.get(id);
		return (set != null) ? set.size() : 0;
	}

	private JsonNode data(Message message) {
		return this.json.readTree(message.data());
	}

	private URI eventsOf(UUID id) {
		return URI.create("http://localhost:" + this.port + "/thread/" + id + "/events");
	}

}
