package dev.twelvefactor.agentservice.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Cancellation;
import dev.twelvefactor.agentservice.thread.Channel;
import dev.twelvefactor.agentservice.thread.Escalation;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.Lease;
import dev.twelvefactor.agentservice.thread.Leased;
import dev.twelvefactor.agentservice.thread.LeaseLost;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import dev.twelvefactor.agentservice.thread.ThreadStoreContract;
import dev.twelvefactor.agentservice.webhook.Receipt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store contract and what the database stores add to it, run against each database: a
 * test class of a database says where its migrated, empty-on-request database is.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class JdbcThreadStoreContract extends ThreadStoreContract {

	private static final String REPLICA = "replica-a";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private Duration elapsed = Duration.ZERO;

	/**
	 * The database, migrated; the same for every test of the class.
	 * @return the data source
	 */
	protected abstract DataSource dataSource();

	private JdbcClient jdbc() {
		return JdbcClient.create(dataSource());
	}

	private Instant now() {
		return Instant.now().plus(this.elapsed);
	}

	@Override
	protected ThreadStore newStore(long maximumSize, Duration idleExpiry) {
		jdbc().sql("delete from agent_thread").update();
		jdbc().sql("delete from webhook_delivery").update();
		Leases leases = leases(REPLICA);
		return new JdbcThreadStore(jdbc(), rows(leases), leases, this::announce, this.meters, maximumSize, idleExpiry,
				this::now);
	}

	/**
	 * What writes the rows of a replica's store: a statement each, unless the database's
	 * test class says otherwise.
	 * @param leases the replica's leases
	 * @return the writer
	 */
	protected ThreadRows rows(Leases leases) {
		return new StatementRows(jdbc(), leases);
	}

	private Leases leases(String replica) {
		return new Leases(jdbc(), replica, Duration.ofHours(1));
	}

	@Override
	protected void elapse(Duration duration) {
		this.elapsed = this.elapsed.plus(duration);
	}

	@Test
	void aThreadInEveryStateIsReadBackAsItWasStored() {
		ThreadStore store = store(100, Duration.ofDays(1));
		AgentThread thread = store.create("can you divide 3 by 4");
		PendingCall call = new PendingCall("call-1", CallKind.FUNCTION_CALL);
		Respondent respondent = new Respondent("call-1", Respondent.LOCAL_INBOX, "2026-01-01T00:00:00.123Z",
				Map.of("email", "ada@example.com", "tags", List.of("a", "b")), Boolean.FALSE, "use 5");
		List<AgentThread> states = List.of(
				update(store, thread,
						(t) -> t.pause(call,
								List.of(Event.toolCall(Map.of("intent", "divide", "a", new BigDecimal("3"), "b",
										new BigDecimal("4.250"), "c", new BigDecimal("1E+3"), "d", "x", "e", true))))),
				update(store, thread, (t) -> t.requestSent(Instant.now(), new PendingCall.SentOn(null))),
				update(store, thread,
						(t) -> t.requestSent(Instant.now(),
								new PendingCall.SentOn(
										Channel.of(new Channel.Slack("C0123ABC", null, "1717171717.123456"))))),
				update(store, thread, (t) -> t.escalated(Escalation.sending())),
				update(store, thread, (t) -> t.escalated(Escalation.failed("mail: down"))),
				update(store, thread,
						(t) -> t.resume("call-1",
								List.of(Event.humanResponse("ok").answeredBy(respondent),
										Event.toolResponse(new BigDecimal("0.75"))))),
				update(store, thread, (t) -> t.fail("model down", Failure.Step.MODEL)),
				update(store, thread, AgentThread::retry),
				update(store, thread, (t) -> t.cancel(new Cancellation("no longer needed", "ada", Instant.now()))));
		for (AgentThread state : states) {
			assertThat(state.id()).isEqualTo(thread.id());
		}
		assertThat(store.find(thread.id())).contains(states.get(states.size() - 1));
		ThreadCodec codec = new ThreadCodec();
		for (AgentThread state : states) {
			assertThat(codec.decode(codec.encode(state))).isEqualTo(state);
		}
	}

	@Test
	void idleThreadsAreDeletedInTheBackgroundLoggedAndCounted(CapturedOutput output) {
		ThreadStore store = store(100, Duration.ofMinutes(10));
		AgentThread idle = store.create("idle");
		elapse(Duration.ofMinutes(6));
		AgentThread recent = store.create("recent");
		elapse(Duration.ofMinutes(5));
		assertThat(((JdbcThreadStore) store).deleteIdle()).isOne();
		assertThat(store.find(idle.id())).isEmpty();
		assertThat(store.find(recent.id())).isPresent();
		assertThat(output).contains("Thread " + idle.id() + " was deleted from the store (EXPIRED) while running");
		assertThat(this.meters.get("agent.threads.expired").tag("status", "running").counter().count()).isOne();
	}

	@Test
	void handledWebhookIdsAreKeptForTheirWindowOnly() {
		store(100, Duration.ofDays(1));
		JdbcDeliveries deliveries = new JdbcDeliveries(jdbc(), this::now);
		UUID threadId = UUID.randomUUID();
		deliveries.remember("msg_1", new Receipt("applied", threadId, "call-1"));
		deliveries.remember("msg_1", new Receipt("duplicate", threadId, "call-1"));
		deliveries.remember("msg_2", new Receipt("ignored", null, null));
		assertThat(deliveries.find("msg_1")).isEqualTo(new Receipt("applied", threadId, "call-1"));
		assertThat(deliveries.find("msg_2")).isEqualTo(new Receipt("ignored", null, null));
		assertThat(deliveries.find("msg_3")).isNull();
		elapse(JdbcDeliveries.RETENTION.plusMinutes(1));
		assertThat(deliveries.find("msg_1")).isNull();
		assertThat(deliveries.sweep()).isEqualTo(2);
	}

	@Test
	void aThreadThatOwesWorkIsLeasedToTheReplicaThatDoesIt() {
		ThreadStore store = store(100, Duration.ofDays(1));
		AgentThread thread = store.create("can you divide 3 by 4");
		assertThat(holder(thread)).isEqualTo(REPLICA);
		PendingCall call = new PendingCall("call-1", CallKind.FUNCTION_CALL);
		update(store, thread, (t) -> t.pause(call, List.of(Event.toolCall(Map.of("intent", "divide")))));
		assertThat(holder(thread)).as("a request not confirmed sent is owed").isEqualTo(REPLICA);
		update(store, thread, (t) -> t.requestSent(Instant.now(), null));
		assertThat(holder(thread)).as("a paused thread owes nothing").isNull();
		update(store, thread, (t) -> t.escalated(Escalation.sending()));
		assertThat(holder(thread)).as("an escalation being sent is owed").isEqualTo(REPLICA);
		update(store, thread, (t) -> t.escalated(Escalation.sent()));
		assertThat(holder(thread)).isNull();
	}

	@Test
	void aBurstOfLaunchesCountsTheRowsOnce() throws Exception {
		jdbc().sql("delete from agent_thread").update();
		AtomicInteger counted = new AtomicInteger();
		JdbcClient jdbc = JdbcClient.create(counting(dataSource(), "select count(*)", counted));
		Leases leases = new Leases(jdbc, REPLICA, Duration.ofHours(1));
		ThreadStore store = new JdbcThreadStore(jdbc, rows(leases), leases, (event) -> {
		}, this.meters, 1_000_000, Duration.ofDays(1), this::now);
		ExecutorService launchers = Executors.newFixedThreadPool(50);
		try {
			List<Future<AgentThread>> launches = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				launches.add(launchers.submit(() -> store.create("can you add 3 and 4")));
			}
			for (Future<AgentThread> launch : launches) {
				launch.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			launchers.shutdownNow();
		}
		assertThat(counted).as("500 launches at once, within one count's room").hasValue(1);
	}

	/**
	 * The database, counting the statements that begin with the given SQL.
	 */
	private static DataSource counting(DataSource target, String sql, AtomicInteger count) {
		return new DelegatingDataSource(target) {

			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = super.getConnection();
				return (Connection) Proxy.newProxyInstance(JdbcThreadStoreContract.class.getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, args) -> {
							if (method.getName().equals("prepareStatement") && args[0] instanceof String statement
									&& statement.startsWith(sql)) {
								count.incrementAndGet();
							}
							try {
								return method.invoke(connection, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}

		};
	}

	@Test
	void aWriteOfTheHoldersExtendsItsLeaseAndAWriteOfAnotherDoesNot() {
		ThreadStore a = store(100, Duration.ofDays(1));
		ThreadStore b = otherReplica("replica-b");
		AgentThread thread = a.create("can you add 3 and 4");
		Lease lease = a.lease(thread.id()).orElseThrow();
		leaseNearItsEnd(thread);
		b.update(thread.id(), (t) -> t.append(List.of(Event.error("by B"))));
		assertThat(leaseLeft(thread)).as("B's write leaves A's lease as it was").isLessThan(Duration.ofSeconds(2));
		a.update(thread.id(), lease, (t) -> t.append(List.of(Event.error("by A"))));
		assertThat(leaseLeft(thread)).as("A's write under its lease extends it").isGreaterThan(Duration.ofMinutes(59));
		assertThat(holder(thread)).isEqualTo(REPLICA);
		assertThat(a.lease(thread.id())).contains(lease);
	}

	@Test
	void theThreadAndItsLeaseAreReadTogetherByTheirHolderOnly() {
		ThreadStore a = store(100, Duration.ofDays(1));
		ThreadStore b = otherReplica("replica-b");
		AgentThread thread = a.create("can you add 3 and 4");

		assertThat(a.leased(thread.id())).contains(new Leased(thread, a.lease(thread.id()).orElseThrow()));
		assertThat(b.leased(thread.id())).isEmpty();
		assertThat(a.leased(UUID.randomUUID())).isEmpty();
		AgentThread byB = b.update(thread.id(), (t) -> t.append(List.of(Event.error("by B")))).orElseThrow();
		assertThat(a.leased(thread.id())).as("what another replica wrote since, under A's lease")
			.contains(new Leased(byB, a.lease(thread.id()).orElseThrow()));
		AgentThread paused = update(a, byB, (t) -> t.pause(new PendingCall("call-1", CallKind.HUMAN_CONTACT),
				List.of(Event.toolCall(Map.of("intent", "done_for_now")))));
		update(a, paused, (t) -> t.requestSent(Instant.now(), null));
		assertThat(a.leased(thread.id())).as("a paused thread owes nothing").isEmpty();
	}

	@Test
	void anotherReplicaTakesOnExpiredLeasesOnlyAndOnlyOnce() {
		ThreadStore store = store(100, Duration.ofDays(1));
		AgentThread running = store.create("running");
		AgentThread alsoRunning = store.create("also running");
		Leases other = leases("replica-b");
		assertThat(other.claim(true, 10)).isEmpty();
		assertThat(takeOver(running)).containsExactly(running.id());
		assertThat(leases("replica-c").claim(true, 10)).as("taken, and renewed by its new holder").isEmpty();
		assertThat(holder(running)).isEqualTo("replica-b");
		assertThat(other.renew()).as("a lease just taken is not written again").isZero();
		leaseNearItsEnd(running);
		assertThat(other.renew()).as("one near its end is").isOne();
		assertThat(leaseLeft(running)).isGreaterThan(Duration.ofMinutes(59));
		assertThat(leases(REPLICA).claim(false, 10)).as("a process at its start takes on every lease")
			.containsExactly(running.id());
		assertThat(holder(alsoRunning)).isEqualTo(REPLICA);
	}

	@Test
	void aStalledReplicasWriteUnderALeaseAnotherTookOverIsRefusedAndTheNewHoldersStands() {
		ThreadStore a = store(100, Duration.ofDays(1));
		ThreadStore b = otherReplica("replica-b");
		AgentThread thread = a.create("can you multiply 3 and 4");
		Lease heldByA = a.lease(thread.id()).orElseThrow();
		assertThat(takeOver(thread)).containsExactly(thread.id());
		Lease heldByB = b.lease(thread.id()).orElseThrow();
		assertThat(heldByB.epoch()).isEqualTo(heldByA.epoch() + 1);
		assertThat(a.lease(thread.id())).as("A holds it no more").isEmpty();

		assertThatExceptionOfType(LeaseLost.class).as("A wakes before B wrote anything")
			.isThrownBy(() -> a.update(thread.id(), heldByA, (t) -> t.fail("late", Failure.Step.MODEL)));
		AgentThread byB = b
			.update(thread.id(), heldByB,
					(t) -> t.append(List.of(Event
						.toolCall(Map.of("intent", "multiply", "a", new BigDecimal("3"), "b", new BigDecimal("4"))))))
			.orElseThrow();
		assertThatExceptionOfType(LeaseLost.class).as("A wakes after B wrote")
			.isThrownBy(() -> a.update(thread.id(), heldByA, (t) -> t.append(List.of(Event.error("late")))));
		assertThat(a.find(thread.id())).contains(byB);
		assertThat(holder(thread)).isEqualTo("replica-b");
	}

	@Test
	void aLeaseTakenOverBetweenTheReadAndTheWriteRefusesTheWrite() {
		ThreadStore a = store(100, Duration.ofDays(1));
		ThreadStore b = otherReplica("replica-b");
		AgentThread thread = a.create("can you multiply 3 and 4");
		Lease heldByA = a.lease(thread.id()).orElseThrow();
		AtomicInteger runs = new AtomicInteger();
		assertThatExceptionOfType(LeaseLost.class).isThrownBy(() -> a.update(thread.id(), heldByA, (t) -> {
			if (runs.incrementAndGet() == 1) {
				takeOver(thread);
			}
			return t.fail("late", Failure.Step.MODEL);
		}));
		assertThat(runs).as("the change ran once; its write found the lease taken").hasValue(1);
		assertThat(b.find(thread.id())).contains(thread);
		assertThat(b.lease(thread.id())).isPresent();
	}

	@Test
	void aWriteAfterAnotherReplicasWriteBuildsOnIt() {
		ThreadStore a = store(100, Duration.ofDays(1));
		ThreadStore b = otherReplica("replica-b");
		AgentThread thread = a.create("can you add 3 and 4");
		AgentThread byB = b.update(thread.id(), (t) -> t.append(List.of(Event.error("by B")))).orElseThrow();
		List<Integer> seen = new ArrayList<>();
		AgentThread byA = a.update(thread.id(), (t) -> {
			seen.add(t.events().size());
			return t.append(List.of(Event.error("by A")));
		}).orElseThrow();

		assertThat(seen).as("tried on the row A wrote last, then on the row B wrote").containsExactly(1, 2);
		assertThat(byA.events()).hasSize(3).startsWith(byB.events().toArray(Event[]::new));
		assertThat(b.find(thread.id())).contains(byA);
	}

	@Test
	void anAnswerSoonAfterThePauseIsTriedOnTheRowThisReplicaWroteWithoutReadingIt() {
		ThreadStore a = store(100, Duration.ofDays(1));
		AgentThread sent = pausedForApproval(a);
		assertThat(a.lease(sent.id())).as("a paused thread is leased to nobody").isEmpty();
		List<AgentThread> seen = new ArrayList<>();
		AgentThread resumed = a.update(sent.id(), (t) -> {
			seen.add(t);
			return t.resume("call-1", List.of(Event.humanResponse("ok")));
		}).orElseThrow();

		assertThat(seen).as("the thread as this replica wrote it, not read back").hasSize(1);
		assertThat(seen.get(0)).isSameAs(sent);
		assertThat(a.find(sent.id())).contains(resumed);
		assertThat(a.leased(sent.id())).as("the answer leased the resumed loop to this replica")
			.contains(new Leased(resumed, a.lease(sent.id()).orElseThrow()));
	}

	@Test
	void anAnswerAfterAnotherReplicaChangedThePausedThreadBuildsOnThatChange() {
		ThreadStore a = store(100, Duration.ofDays(1));
		ThreadStore b = otherReplica("replica-b");
		AgentThread thread = pausedForApproval(a);
		AgentThread cancelled = b.update(thread.id(), (t) -> t.cancel(new Cancellation("by B", "ada", Instant.now())))
			.orElseThrow();
		List<ThreadStatus> seen = new ArrayList<>();
		a.update(thread.id(), (t) -> {
			seen.add(t.status());
			return t;
		});

		assertThat(seen).as("tried on the row A wrote last, then on the row B wrote")
			.containsExactly(ThreadStatus.AWAITING_APPROVAL, ThreadStatus.CANCELLED);
		assertThat(a.find(thread.id())).contains(cancelled);
	}

	@Test
	void anAnswerToARequestItsHolderStillSendsTakesTheLease() {
		ThreadStore a = store(100, Duration.ofDays(1));
		ThreadStore b = otherReplica("replica-b");
		AgentThread thread = a.create("can you divide 3 by 4");
		PendingCall call = new PendingCall("call-1", CallKind.FUNCTION_CALL);
		Lease heldByA = a.lease(thread.id()).orElseThrow();
		a.update(thread.id(), heldByA, (t) -> t.pause(call, List.of(Event.toolCall(Map.of("intent", "divide")))));
		b.update(thread.id(), (t) -> t.resume("call-1", List.of(Event.humanResponse("ok"))));
		assertThat(holder(thread)).as("B resumed the loop, so B runs it").isEqualTo("replica-b");
		assertThatExceptionOfType(LeaseLost.class).as("A, done sending, finds the loop going on elsewhere")
			.isThrownBy(() -> a.update(thread.id(), heldByA, (t) -> t));
	}

	/**
	 * Launches a thread and pauses it on a request for approval, sent, as its loop does.
	 * @return the thread as stored
	 */
	private static AgentThread pausedForApproval(ThreadStore store) {
		AgentThread thread = store.create("can you divide 3 by 4");
		Lease lease = store.lease(thread.id()).orElseThrow();
		store.update(thread.id(), lease, (t) -> t.pause(new PendingCall("call-1", CallKind.FUNCTION_CALL),
				List.of(Event.toolCall(Map.of("intent", "divide")))));
		return store.update(thread.id(), lease, (t) -> t.requestSent(Instant.now(), null)).orElseThrow();
	}

	private ThreadStore otherReplica(String replica) {
		Leases leases = leases(replica);
		return new JdbcThreadStore(jdbc(), rows(leases), leases, this::announce, this.meters, 100, Duration.ofDays(1),
				this::now);
	}

	/**
	 * Lets the thread's lease expire, and has replica B take it over.
	 */
	private List<UUID> takeOver(AgentThread thread) {
		jdbc().sql("update agent_thread set lease_until = current_timestamp - interval '1' second where id = :id")
			.param("id", thread.id())
			.update();
		return leases("replica-b").claim(true, 10);
	}

	private void leaseNearItsEnd(AgentThread thread) {
		jdbc().sql("update agent_thread set lease_until = current_timestamp + interval '1' second where id = :id")
			.param("id", thread.id())
			.update();
	}

	private Duration leaseLeft(AgentThread thread) {
		double seconds = jdbc()
			.sql("select extract(epoch from lease_until - current_timestamp) from agent_thread where id = :id")
			.param("id", thread.id())
			.query(Double.class)
			.single();
		return Duration.ofMillis((long) (seconds * 1000));
	}

	private String holder(AgentThread thread) {
		return jdbc().sql("select lease_owner from agent_thread where id = :id")
			.param("id", thread.id())
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private static AgentThread update(ThreadStore store, AgentThread thread, UnaryOperator<AgentThread> change) {
		return store.update(thread.id(), change).orElseThrow();
	}

}
