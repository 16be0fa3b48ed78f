package dev.twelvefactor.agentservice.inbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import dev.twelvefactor.agentservice.store.TestDatabases;
import dev.twelvefactor.agentservice.thread.CallKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JdbcCalls} against the file store's H2 and PostgreSQL, each time as
 * two replicas on one database.
 */
class JdbcCallsTests {

	private static final Instant START = Instant.parse("2026-11-27T00:00:00.123456789Z");

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path directory;

	private static HikariDataSource h2;

	private static HikariDataSource postgres;

	@BeforeAll
	static void open() {
		h2 = TestDatabases.h2(directory);
		postgres = TestDatabases.postgres();
	}

	@AfterAll
	static void close() {
		h2.close();
		postgres.close();
	}

	static Stream<String> databases() {
		return Stream.of("h2", "postgres");
	}

	@ParameterizedTest
	@MethodSource("databases")
	void pagesListEveryPendingCallOnceNewestFirstEvenWhenCallsShareAnInstant(String database) {
		Calls<ObjectNode> calls = calls(database);
		String prefix = UUID.randomUUID() + "-";
		for (int i = 0; i < 7; i++) {
			calls.add(prefix + i, InboxCall.asked(call(prefix + i), null, START.plusSeconds(i / 2)));
		}

		List<String> listed = new ArrayList<>();
		Calls.Page<ObjectNode> page = calls.pending(null, 3);
		listed.addAll(page.calls().stream().map((call) -> call.call().get("call_id").asString()).toList());
		while (page.next() != null) {
			page = calls.pending(Calls.Position.of(page.next().cursor()), 3);
			listed.addAll(page.calls().stream().map((call) -> call.call().get("call_id").asString()).toList());
		}

		assertThat(listed).containsSubsequence(prefix + 6, prefix + 5, prefix + 4, prefix + 3, prefix + 2, prefix + 1,
				prefix + 0);
		assertThat(listed).doesNotHaveDuplicates();
	}

	@ParameterizedTest
	@MethodSource("databases")
	void aCallReadsBackAsItWasWrittenOnEveryReplica(String database) {
		Calls<ObjectNode> one = calls(database);
		Calls<ObjectNode> other = calls(database);
		String callId = "call-" + UUID.randomUUID();
		UUID threadId = UUID.randomUUID();
		InboxCall<ObjectNode> asked = InboxCall.asked(call(callId), threadId, START);

		one.add(callId, asked);
		InboxCall<ObjectNode> escalated = other.update(callId, (call) -> call.escalated("nobody answered"));

		assertThat(one.get(callId)).isEqualTo(escalated);
		assertThat(other.openCallsOf(threadId)).containsExactly(callId);
		assertThat(one.version()).isEqualTo(other.version());
		assertThatExceptionOfType(InboxProblem.class).isThrownBy(() -> other.add(callId, asked))
			.satisfies((ex) -> assertThat(ex.getBody().getType().toString()).endsWith("call-exists"));
	}

	@ParameterizedTest
	@MethodSource("databases")
	void anAnswerIsTakenOnceAndItsDeliveryAttemptByOneReplica(String database) {
		Calls<ObjectNode> one = calls(database);
		Calls<ObjectNode> other = calls(database);
		String callId = "call-" + UUID.randomUUID();
		one.add(callId, InboxCall.asked(call(callId), UUID.randomUUID(), START));
		String version = one.version();

		InboxCall<ObjectNode> answered = one.update(callId, (call) -> call.answer(callId, call(callId), "now"));

		assertThat(one.version()).isNotEqualTo(version);
		assertThatExceptionOfType(InboxProblem.class)
			.isThrownBy(() -> other.update(callId, (call) -> call.answer(callId, call(callId), "again")));
		Instant due = answered.outbox().nextAttemptAt();
		assertThat(one.due(due.minusSeconds(1), 100)).doesNotContain(callId);
		assertThat(other.due(due, 100)).contains(callId);
		InboxCall<ObjectNode> taken = one.update(callId, (call) -> call.attempting(due));
		assertThat(taken.outbox().attempts()).isEqualTo(1);
		assertThat(taken.outbox().webhookId()).isEqualTo(answered.outbox().webhookId());
		assertThat(other.update(callId, (call) -> call.attempting(due))).isEqualTo(taken);
		assertThat(other.due(due, 100)).doesNotContain(callId);
	}

	private static Calls<ObjectNode> calls(String database) {
		HikariDataSource dataSource = "h2".equals(database) ? h2 : postgres;
		return new JdbcCalls(JdbcClient.create(dataSource), json, CallKind.FUNCTION_CALL, 1000, Duration.ofDays(1));
	}

	private static ObjectNode call(String callId) {
		ObjectNode call = json.createObjectNode().put("run_id", "tests").put("call_id", callId);
		call.putObject("spec").put("fn", "divide").putObject("kwargs").put("a", 1.5).put("b", 3);
		return call;
	}

}
