package dev.twelvefactor.agentservice.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes the rows of threads on PostgreSQL in batches: the writes that wait while a
 * statement runs go together in the next one, one {@code insert ... select from unnest}
 * or {@code update ... from unnest}, so a burst of threads costs the database a fraction
 * of one statement per row (a statement's parse, plan, commit and round trip are most of
 * what a one-row write costs), and a lone write goes at once. Each row keeps its own
 * compare-and-set: the update returns the ids it wrote. A batch that fails (a deadlock
 * with another replica's statement, say) is written again one row at a time, so a row
 * fails only for a reason of its own. A write inside a transaction goes alone on the
 * transaction's connection. The reads of a thread's version and lease where loops start
 * go the same way, many in one {@code select ... where id = any(...)}.
 */
final class BatchedRows implements ThreadRows, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BatchedRows.class);

	/** The most rows one statement writes. */
	static final int MAX_BATCH = 200;

	/** How many statements may run at once. */
	private static final int WRITERS = 2;

	private static final Duration IDLE_POLL = Duration.ofMillis(200);

	private static final String INSERT = "insert into agent_thread (id, version, status, body, created_at,"
			+ " updated_at, waiting_since, lease_owner, lease_epoch, lease_until)"
			+ " select v.id, 0, v.status, cast(v.body as json), cast(v.created_at as timestamp with time zone),"
			+ " cast(v.updated_at as timestamp with time zone), v.waiting_since, ?, 1, " + Leases.fromNow("?")
			+ " from unnest(cast(? as uuid[]),"
			+ " cast(? as varchar[]), cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as bigint[]))"
			+ " as v(id, status, body, created_at, updated_at, waiting_since)";

	private static final String UPDATE = "update agent_thread t set version = t.version + 1, status = v.status,"
			+ " body = cast(v.body as json), updated_at = cast(v.updated_at as timestamp with time zone),"
			+ " waiting_since = v.waiting_since,"
			+ " lease_owner = case v.lease when 'RELEASE' then null when 'KEEP' then t.lease_owner else ? end,"
			+ " lease_epoch = case v.lease when 'TAKE' then t.lease_epoch + 1 else t.lease_epoch end,"
			+ " lease_until = case when v.lease = 'RELEASE' then null"
			+ " when v.lease = 'KEEP' and t.lease_owner is distinct from ? then t.lease_until else "
			+ Leases.fromNow("?") + " end"
			+ " from unnest(cast(? as uuid[]), cast(? as bigint[]), cast(? as bigint[]), cast(? as text[]),"
			+ " cast(? as varchar[]), cast(? as text[]), cast(? as text[]), cast(? as bigint[]))"
			+ " as v(id, version, epoch, lease, status, body, updated_at, waiting_since)"
			+ " where t.id = v.id and t.version = v.version"
			+ " and (v.epoch is null or (t.lease_owner = ? and t.lease_epoch = v.epoch)) returning t.id";

	private static final String HELD = "select id, version, lease_epoch from agent_thread"
			+ " where id = any(cast(? as uuid[])) and lease_owner = ?";

	private final JdbcTemplate jdbc;

	private final ThreadRows alone;

	private final Leases leases;

	private final DistributionSummary batches;

	private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean closed;

	/**
	 * Starts the writers.
	 * @param dataSource the database
	 * @param alone writes a row with a statement of its own
	 * @param leases this replica's leases
	 * @param meters records how many rows each statement wrote
	 */
	BatchedRows(DataSource dataSource, ThreadRows alone, Leases leases, MeterRegistry meters) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.alone = alone;
		this.leases = leases;
		this.batches = DistributionSummary.builder("agent.store.write.batch")
			.description("Rows of threads written by one statement")
			.baseUnit("rows")
			.register(meters);
		for (int i = 1; i <= WRITERS; i++) {
			Thread writer = new Thread(this::write, "agent-store-writer-" + i);
			writer.setDaemon(true);
			writer.start();
			this.writers.add(writer);
		}
	}

	@Override
	public void insert(Insert row) {
		submit(new Write(row, null, null));
	}

	@Override
	public boolean update(Update row) {
		return (Boolean) submit(new Write(null, row, null));
	}

	@Override
	public Optional<Held> held(UUID id) {
		return Optional.ofNullable((Held) submit(new Write(null, null, id)));
	}

	/**
	 * Hands the write to the writers and waits for it: a statement once sent runs to its
	 * end, so an interrupt is kept for after it, as it would be by a write made here.
	 */
	private Object submit(Write write) {
		if (this.closed || TransactionSynchronizationManager.isActualTransactionActive()) {
			return writeAlone(write);
		}
		this.queue.add(write);
		if (this.closed && this.queue.remove(write)) {
			return writeAlone(write);
		}
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return write.result.get();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof RuntimeException failure) {
						throw failure;
					}
					throw new IllegalStateException(ex.getCause());
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void write() {
		List<Write> batch = new ArrayList<>(MAX_BATCH);
		while (!this.closed || !this.queue.isEmpty()) {
			try {
				Write first = this.queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, MAX_BATCH - 1);
				write(batch.stream().filter((write) -> write.insert != null).toList(),
						(writes) -> insertAll(writes.stream().map((write) -> write.insert).toList()));
				write(batch.stream().filter((write) -> write.update != null).toList(),
						(writes) -> updateAll(writes.stream().map((write) -> write.update).toList()));
				write(batch.stream().filter((write) -> write.read != null).toList(),
						(reads) -> heldAll(reads.stream().map((read) -> read.read).toList()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				logger.error("A batch of {} rows could not be handled.", batch.size(), ex);
				batch.forEach((write) -> write.result.completeExceptionally(ex));
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Writes (or reads) the rows with one statement, or one at a time when there is only
	 * one or the batch failed.
	 */
	private void write(List<Write> writes, Function<List<Write>, Map<UUID, ?>> together) {
		if (writes.isEmpty()) {
			return;
		}
		if (writes.get(0).isWrite()) {
			this.batches.record(writes.size());
		}
		if (writes.size() > 1) {
			try {
				Map<UUID, ?> results = together.apply(writes);
				writes.forEach((write) -> write.result.complete(write.result(results)));
				return;
			}
			catch (DataAccessException ex) {
				logger.info("A batch of {} rows failed ({}); they are written one at a time.", writes.size(),
						ex.getMostSpecificCause().getMessage());
			}
			catch (RuntimeException ex) {
				logger.warn("A batch of {} rows failed; they are written one at a time.", writes.size(), ex);
			}
		}
		for (Write write : writes) {
			try {
				write.result.complete(writeAlone(write));
			}
			catch (RuntimeException ex) {
				write.result.completeExceptionally(ex);
			}
		}
	}

	private Object writeAlone(Write write) {
		if (write.insert != null) {
			this.alone.insert(write.insert);
			return true;
		}
		if (write.update != null) {
			return this.alone.update(write.update);
		}
		return this.alone.held(write.read).orElse(null);
	}

	/**
	 * Inserts the rows with one statement.
	 * @return their ids, each with {@code true}
	 */
	Map<UUID, Boolean> insertAll(List<Insert> rows) {
		this.jdbc.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
				statement.setString(1, this.leases.replica());
				statement.setDouble(2, this.leases.ttlSeconds());
				statement.setArray(3, array(connection, "uuid", rows, Insert::id));
				statement.setArray(4, array(connection, "varchar", rows, Insert::status));
				statement.setArray(5, array(connection, "text", rows, Insert::body));
				statement.setArray(6, array(connection, "text", rows, (row) -> text(row.createdAt())));
				statement.setArray(7, array(connection, "text", rows, (row) -> text(row.updatedAt())));
				statement.setArray(8, array(connection, "bigint", rows, Insert::waitingSince));
				return statement.executeUpdate();
			}
		});
		Map<UUID, Boolean> inserted = new HashMap<>();
		rows.forEach((row) -> inserted.put(row.id(), true));
		return inserted;
	}

	/**
	 * Writes the rows that are still as their changes expect with one statement, in the
	 * order of their ids, as every batch does, so two batches of this replica's never
	 * wait for each other's rows.
	 * @return the ids of the rows written, each with {@code true}
	 */
	Map<UUID, Boolean> updateAll(List<Update> changes) {
		List<Update> rows = changes.stream().sorted(Comparator.comparing(Update::id)).toList();
		return this.jdbc.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
				statement.setString(1, this.leases.replica());
				statement.setString(2, this.leases.replica());
				statement.setDouble(3, this.leases.ttlSeconds());
				statement.setArray(4, array(connection, "uuid", rows, Update::id));
				statement.setArray(5, array(connection, "bigint", rows, Update::version));
				statement.setArray(6,
						array(connection, "bigint", rows, (row) -> (row.fence() != null) ? row.fence().epoch() : null));
				statement.setArray(7, array(connection, "text", rows, (row) -> row.lease().name()));
				statement.setArray(8, array(connection, "varchar", rows, Update::status));
				statement.setArray(9, array(connection, "text", rows, Update::body));
				statement.setArray(10, array(connection, "text", rows, (row) -> text(row.updatedAt())));
				statement.setArray(11, array(connection, "bigint", rows, Update::waitingSince));
				statement.setString(12, this.leases.replica());
				Map<UUID, Boolean> written = new HashMap<>();
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						written.put(result.getObject(1, UUID.class), true);
					}
				}
				return written;
			}
		});
	}

	/**
	 * Reads the version and lease of the threads leased to this replica, with one
	 * statement.
	 * @return what was read, by thread; a thread not leased to this replica is absent
	 */
	Map<UUID, Held> heldAll(List<UUID> ids) {
		return this.jdbc.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(HELD)) {
				statement.setArray(1, array(connection, "uuid", ids));
				statement.setString(2, this.leases.replica());
				Map<UUID, Held> held = new HashMap<>();
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						held.put(result.getObject(1, UUID.class), new Held(result.getLong(2), result.getLong(3)));
					}
				}
				return held;
			}
		});
	}

	/**
	 * A time as the batches pass it, cast to {@code timestamp with time zone} in SQL.
	 */
	private static String text(Instant instant) {
		return StatementRows.timestamp(instant).toString();
	}

	private static <T> Array array(Connection connection, String type, List<T> rows, Function<T, ?> column)
			throws SQLException {
		return array(connection, type, rows.stream().map(column).toList());
	}

	private static Array array(Connection connection, String type, List<?> values) throws SQLException {
		return connection.createArrayOf(type, values.toArray());
	}

	/**
	 * Lets the writers finish what was handed to them, then stop; a write after this goes
	 * alone.
	 */
	@Override
	public void close() {
		this.closed = true;
		for (Thread writer : this.writers) {
			try {
				writer.join(IDLE_POLL.multipliedBy(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * A row to write (an insert or an update) or to read, and what came of it: whether it
	 * was written, or what was read.
	 */
	private static final class Write {

		private final Insert insert;

		private final Update update;

		private final UUID read;

		private final CompletableFuture<Object> result = new CompletableFuture<>();

		Write(Insert insert, Update update, UUID read) {
			this.insert = insert;
			this.update = update;
			this.read = read;
		}

		boolean isWrite() {
			return this.read == null;
		}

		/**
		 * What came of this row in a batch: a row the batch did not return was not
		 * written, or is not leased to this replica.
		 */
		Object result(Map<UUID, ?> results) {
			UUID id = (this.insert != null) ? this.insert.id() : (this.update != null) ? this.update.id() : this.read;
			Object result = results.get(id);
			return (result == null && isWrite()) ? Boolean.FALSE : result;
		}

	}

}
