package dev.twelvefactor.agentservice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.twelvefactor.agentservice.store.ThreadRows.Insert;
import dev.twelvefactor.agentservice.store.ThreadRows.Update;
import dev.twelvefactor.agentservice.thread.Lease;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rows of threads written in batches on PostgreSQL: each row of a batch is written or
 * not as it would be alone, and a burst's writes share statements.
 */
class BatchedRowsTests {

	private static final String REPLICA = "replica-a";

	private static HikariDataSource dataSource;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private JdbcClient jdbc;

	private Leases leases;

	private BatchedRows rows;

	@BeforeAll
	static void open() {
		dataSource = TestDatabases.postgres();
	}

	@AfterAll
	static void close() {
		dataSource.close();
	}

	@BeforeEach
	void emptyTable() {
		this.jdbc = JdbcClient.create(dataSource);
		this.jdbc.sql("delete from agent_thread").update();
		this.leases = new Leases(this.jdbc, REPLICA, Duration.ofHours(1));
		this.rows = new BatchedRows(dataSource, new StatementRows(this.jdbc, this.leases), this.leases, this.meters);
	}

	@AfterEach
	void stopWriters() {
		this.rows.close();
	}

	@Test
	void eachRowOfABatchIsWrittenOnlyIfItIsStillAsItsChangeExpects() {
		Instant launched = Instant.parse("2026-12-07T10:00:00.123456Z");
		List<Insert> inserts = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			inserts.add(new Insert(UUID.randomUUID(), "running", "{\"n\":" + i + "}", launched, launched.plusSeconds(1),
					(i == 0) ? 42L : null));
		}
		assertThat(this.rows.insertAll(inserts)).hasSize(6);
		for (Insert insert : inserts) {
			assertThat(row(insert.id())).containsEntry("version", 0L)
				.containsEntry("status", "running")
				.containsEntry("body", insert.body())
				.containsEntry("lease_owner", REPLICA)
				.containsEntry("lease_epoch", 1L)
				.containsEntry("leased", true);
		}
		assertThat(row(inserts.get(0).id())).containsEntry("waiting_since", 42L)
			.containsEntry("created_at", "2026-12-07 10:00:00.123456+00");
		this.jdbc.sql("update agent_thread set lease_owner = 'replica-b', lease_epoch = 2 where id in (:ids)")
			.param("ids", List.of(inserts.get(2).id(), inserts.get(5).id()))
			.update();
		this.jdbc.sql("update agent_thread set lease_until = current_timestamp + interval '1' second").update();

		Instant written = launched.plusSeconds(60);
		Lease first = new Lease(1);
		List<Update> changes = List.of(change(inserts.get(0), 0, first, LeaseChange.KEEP, written),
				change(inserts.get(1), 5, null, LeaseChange.KEEP, written),
				change(inserts.get(2), 0, first, LeaseChange.KEEP, written),
				change(inserts.get(3), 0, null, LeaseChange.RELEASE, written),
				change(inserts.get(4), 0, first, LeaseChange.TAKE, written),
				change(inserts.get(5), 0, null, LeaseChange.KEEP, written));

		assertThat(this.rows.updateAll(changes)).containsOnlyKeys(inserts.get(0).id(), inserts.get(3).id(),
				inserts.get(4).id(), inserts.get(5).id());
		assertThat(row(inserts.get(0).id())).as("written, its lease kept")
			.containsEntry("version", 1L)
			.containsEntry("status", "paused")
			.containsEntry("body", "{\"changed\":true}")
			.containsEntry("waiting_since", 7L)
			.containsEntry("updated_at", "2026-12-07 10:01:01.123456+00")
			.containsEntry("lease_owner", REPLICA)
			.containsEntry("lease_epoch", 1L)
			.containsEntry("lease_left_minutes", 60L);
		assertThat(row(inserts.get(1).id())).as("a stale version").containsEntry("version", 0L);
		assertThat(row(inserts.get(2).id())).as("a lease another replica took over")
			.containsEntry("version", 0L)
			.containsEntry("lease_owner", "replica-b");
		assertThat(row(inserts.get(3).id())).as("released")
			.containsEntry("version", 1L)
			.containsEntry("lease_owner", null)
			.containsEntry("leased", false);
		assertThat(row(inserts.get(4).id())).as("taken again")
			.containsEntry("version", 1L)
			.containsEntry("lease_owner", REPLICA)
			.containsEntry("lease_epoch", 2L)
			.containsEntry("lease_left_minutes", 60L);
		assertThat(row(inserts.get(5).id())).as("written by a replica that does not hold it: the lease as it was")
			.containsEntry("version", 1L)
			.containsEntry("lease_owner", "replica-b")
			.containsEntry("lease_left_minutes", 0L);
	}

	@Test
	void aBurstSharesStatementsAndARowThatCannotBeWrittenFailsAlone() throws Exception {
		UUID existing = UUID.randomUUID();
		UUID held = UUID.randomUUID();
		for (UUID id : List.of(existing, held)) {
			this.rows.insert(new Insert(id, "running", "{}", Instant.now(), Instant.now(), null));
		}
		ExecutorService writers = Executors.newFixedThreadPool(32);
		// both writers wait on a row this transaction locked, while the inserts queue
		try (Connection lock = dataSource.getConnection()) {
			lock.setAutoCommit(false);
			try (PreparedStatement statement = lock.prepareStatement("select 1 from agent_thread for update")) {
				statement.executeQuery().close();
			}
			List<CompletableFuture<Boolean>> updates = new ArrayList<>();
			for (UUID id : List.of(existing, held)) {
				updates.add(CompletableFuture.supplyAsync(
						() -> this.rows
							.update(new Update(id, 0, null, LeaseChange.KEEP, "running", "{}", Instant.now(), null)),
						writers));
				Thread.sleep(200);
			}
			List<UUID> ids = new ArrayList<>();
			List<CompletableFuture<Void>> inserts = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				UUID id = (i == 17) ? existing : UUID.randomUUID();
				ids.add(id);
				inserts.add(CompletableFuture.runAsync(
						() -> this.rows.insert(new Insert(id, "running", "{}", Instant.now(), Instant.now(), null)),
						writers));
			}
			Thread.sleep(300);
			lock.commit();

			for (CompletableFuture<Boolean> update : updates) {
				assertThat(update.get(10, TimeUnit.SECONDS)).isTrue();
			}
			for (int i = 0; i < inserts.size(); i++) {
				if (i == 17) {
					CompletableFuture<Void> duplicate = inserts.get(i);
					assertThatExceptionOfType(Exception.class).isThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS))
						.withCauseInstanceOf(DuplicateKeyException.class);
				}
				else {
					inserts.get(i).get(10, TimeUnit.SECONDS);
				}
			}
		}
		finally {
			writers.shutdownNow();
		}
		assertThat(this.jdbc.sql("select count(*) from agent_thread").query(Long.class).single()).isEqualTo(31);
		DistributionSummary batches = this.meters.get("agent.store.write.batch").summary();
		assertThat(batches.totalAmount()).as("every write, counted once").isEqualTo(34);
		assertThat(batches.max()).as("the inserts that waited went together").isGreaterThan(1);
	}

	@Test
	void theLeasesOfManyThreadsAreReadTogetherEachAsItsRowHasIt() {
		List<UUID> ids = new ArrayList<>();
		List<Insert> inserts = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			UUID id = UUID.randomUUID();
			ids.add(id);
			inserts.add(new Insert(id, "running", "{}", Instant.now(), Instant.now(), null));
		}
		this.rows.insertAll(inserts);
		this.rows.updateAll(List
			.of(new Update(ids.get(1), 0, new Lease(1), LeaseChange.KEEP, "running", "{}", Instant.now(), null)));
		this.jdbc.sql("update agent_thread set lease_owner = 'replica-b' where id = :id")
			.param("id", ids.get(2))
			.update();
		this.jdbc.sql("update agent_thread set lease_owner = null where id = :id").param("id", ids.get(3)).update();
		UUID unknown = UUID.randomUUID();

		Map<UUID, ThreadRows.Held> held = this.rows
			.heldAll(List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(3), unknown));

		assertThat(held).as("only the threads leased to this replica")
			.containsOnly(Map.entry(ids.get(0), new ThreadRows.Held(0, 1)),
					Map.entry(ids.get(1), new ThreadRows.Held(1, 1)));
		assertThat(this.rows.held(ids.get(1))).contains(new ThreadRows.Held(1, 1));
		assertThat(this.rows.held(ids.get(2))).isEmpty();
		assertThat(this.rows.held(unknown)).isEmpty();
	}

	@Test
	void aWriteAfterTheWritersStoppedGoesAlone() {
		this.rows.close();
		UUID id = UUID.randomUUID();
		this.rows.insert(new Insert(id, "running", "{}", Instant.now(), Instant.now(), null));
		assertThat(this.rows.held(id)).contains(new ThreadRows.Held(0, 1));
		assertThat(this.rows
			.update(new Update(id, 0, new Lease(1), LeaseChange.RELEASE, "failed", "{}", Instant.now(), null)))
			.isTrue();
		assertThat(this.rows.held(id)).isEmpty();
	}

	private static Update change(Insert row, long version, Lease fence, LeaseChange lease, Instant now) {
		return new Update(row.id(), version, fence, lease, "paused", "{\"changed\":true}", now.plusSeconds(1), 7L);
	}

	private Map<String, Object> row(UUID id) {
		return this.jdbc.sql("select version, status, body::text as body, waiting_since, lease_owner, lease_epoch,"
				+ " coalesce(lease_until > current_timestamp, false) as leased,"
				+ " cast(round(extract(epoch from lease_until - current_timestamp) / 60) as bigint) as lease_left_minutes,"
				+ " to_char(created_at at time zone 'UTC',"
				+ " 'YYYY-MM-DD HH24:MI:SS.US') || '+00' as created_at, to_char(updated_at at time zone 'UTC',"
				+ " 'YYYY-MM-DD HH24:MI:SS.US') || '+00' as updated_at from agent_thread where id = :id")
			.param("id", id)
			.query()
			.singleRow();
	}

}
