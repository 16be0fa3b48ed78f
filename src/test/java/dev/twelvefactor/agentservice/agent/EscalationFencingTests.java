package dev.twelvefactor.agentservice.agent;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.zaxxer.hikari.HikariDataSource;
import dev.twelvefactor.agentservice.agent.AgentLoopTests.DirectExecutor;
import dev.twelvefactor.agentservice.agent.AgentLoopTests.RecordingHumans;
import dev.twelvefactor.agentservice.agent.AgentLoopTests.ScriptedPlanner;
import dev.twelvefactor.agentservice.store.TestDatabases;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Escalation;
import dev.twelvefactor.agentservice.thread.Lease;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writes of an escalation are fenced by the lease like a loop's steps, on the file
 * store's H2 and on PostgreSQL: a replica that stalled past its lease and then goes on
 * stores nothing over the work of the replica that took the escalation over.
 */
class EscalationFencingTests {

	private static Path directory;

	private static HikariDataSource h2;

	private static HikariDataSource postgres;

	private final ScriptedPlanner planner = new ScriptedPlanner();

	@BeforeAll
	static void open() throws IOException {
		directory = Files.createTempDirectory("agent-fencing-");
		h2 = TestDatabases.h2(directory);
		postgres = TestDatabases.postgres();
	}

	@AfterAll
	static void close() {
		h2.close();
		postgres.close();
		FileSystemUtils.deleteRecursively(directory.toFile());
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgres" })
	void theOutcomeOfAnEscalationAnotherReplicaTookOverIsNotStored(String database) {
		HikariDataSource dataSource = dataSource(database);
		AgentThread paused = pausedOnAnApproval(dataSource);
		ThreadStore a = new StallsAfterReadingItsLease(TestDatabases.replica(dataSource, "replica-a"),
				() -> TestDatabases.takeOver(dataSource, paused.id(), "replica-b"));
		RecordingHumans humans = new RecordingHumans(a);

		deadlines(a, humans).check();

		assertThat(humans.escalations).as("A sent it, then found it taken over")
			.containsExactly(paused.pending().callId());
		ThreadStore b = TestDatabases.replica(dataSource, "replica-b");
		AgentThread stored = b.find(paused.id()).orElseThrow();
		assertThat(stored.pending().escalation()).as("left to B, which sends it again").isEqualTo(Escalation.sending());
		assertThat(b.lease(paused.id())).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgres" })
	void aRecoveryThatAnotherReplicaTookOverDoesNotResetItsEscalation(String database) {
		HikariDataSource dataSource = dataSource(database);
		AgentThread paused = pausedOnAnApproval(dataSource);
		ThreadStore a = TestDatabases.replica(dataSource, "replica-a");
		a.update(paused.id(), (thread) -> thread.escalated(Escalation.sending()));
		assertThat(TestDatabases.takeOver(dataSource, paused.id(), "replica-b")).containsExactly(paused.id());
		ThreadStore b = new StallsAfterReadingItsLease(TestDatabases.replica(dataSource, "replica-b"),
				() -> TestDatabases.takeOver(dataSource, paused.id(), "replica-c"));

		loop(b, new RecordingHumans(b)).recover(paused.id());

		ThreadStore c = TestDatabases.replica(dataSource, "replica-c");
		AgentThread stored = c.find(paused.id()).orElseThrow();
		assertThat(stored.pending().escalation()).as("left to C, which took it over").isEqualTo(Escalation.sending());
		assertThat(c.lease(paused.id())).isPresent();
	}

	/**
	 * The database, emptied of the threads of the tests before.
	 */
	private static HikariDataSource dataSource(String database) {
		HikariDataSource dataSource = "h2".equals(database) ? h2 : postgres;
		JdbcClient.create(dataSource).sql("delete from agent_thread").update();
		return dataSource;
	}

	/**
	 * A thread that replica A paused on an approval it sent.
	 */
	private AgentThread pausedOnAnApproval(HikariDataSource dataSource) {
		ThreadStore a = TestDatabases.replica(dataSource, "replica-a");
		this.planner.then(new Calculation(Intent.DIVIDE, BigDecimal.valueOf(3), BigDecimal.valueOf(4)).toStep());
		AgentThread thread = a.create("can you divide 3 by 4");
		loop(a, new RecordingHumans(a)).start(thread.id());
		AgentThread paused = a.find(thread.id()).orElseThrow();
		assertThat(paused.status()).isEqualTo(ThreadStatus.AWAITING_APPROVAL);
		assertThat(paused.pending().isSent()).isTrue();
		return paused;
	}

	private AgentLoop loop(ThreadStore threads, RecordingHumans humans) {
		return AgentLoopTests.loop(threads, this.planner, humans, AgentLoopTests.properties(20), new LoopExecutor(
				new AgentProperties.Executor(10, 10, Duration.ofSeconds(1)), Duration.ZERO, DirectExecutor::new));
	}

	private Deadlines deadlines(ThreadStore threads, RecordingHumans humans) {
		return new Deadlines(threads, loop(threads, humans), humans, StepsFixtures.standard(),
				new AgentProperties(20, 3, Duration.ofSeconds(30), null,
						new AgentProperties.Deadlines(Duration.ZERO, null, Duration.ZERO, null, Duration.ofSeconds(1)),
						null));
	}

	/**
	 * A replica's store that stalls once just after it read its lease on a thread, long
	 * enough for another replica to take the thread's work over.
	 */
	private static final class StallsAfterReadingItsLease extends ForwardingThreadStore {

		private Runnable takeOver;

		StallsAfterReadingItsLease(ThreadStore store, Runnable takeOver) {
			super(store);
			this.takeOver = takeOver;
		}

		@Override
		public Optional<Lease> lease(UUID id) {
			Optional<Lease> lease = this.store.lease(id);
			if (this.takeOver != null) {
				this.takeOver.run();
				this.takeOver = null;
			}
			return lease;
		}

		@Override
		public Optional<AgentThread> update(UUID id, Lease lease, UnaryOperator<AgentThread> change) {
			return this.store.update(id, lease, change);
		}

	}

}
