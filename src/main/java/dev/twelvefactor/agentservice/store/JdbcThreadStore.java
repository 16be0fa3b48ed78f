package dev.twelvefactor.agentservice.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Channel;
import dev.twelvefactor.agentservice.thread.Lease;
import dev.twelvefactor.agentservice.thread.LeaseLost;
import dev.twelvefactor.agentservice.thread.Leased;
import dev.twelvefactor.agentservice.thread.Origin;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.ThreadChanged;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import dev.twelvefactor.agentservice.thread.VersionConflicts;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps threads in a database table, one row each: the thread as a JSON document (the
 * truth), and copies of what the queries need (status, when it was launched, since when
 * it waits) in indexed columns, with when the store last wrote it, which retention reads.
 * {@link #update} is a compare-and-set on the row's version that runs the change again
 * when another writer (another replica) came first; within this process, updates of one
 * thread take turns on a lock, so they do not spend their attempts on each other. The
 * writes of a thread's work are fenced by the lease they began with. The row this replica
 * last wrote of a thread is remembered for a lease's time, so the next write, most often
 * this replica's own again (the loop's next step, or the answer to a request it has just
 * sent), tries that version without reading the row first.
 */
class JdbcThreadStore implements ThreadStore {

	private static final Logger logger = LoggerFactory.getLogger(JdbcThreadStore.class);

	/** What a client refused for a full or contended store is told to wait. */
	private static final Duration RETRY_AFTER = Duration.ofMinutes(1);

	/**
	 * The most launches taken on one count of the rows: other replicas launch too, so the
	 * count is taken again after this many.
	 */
	private static final long ROOM_PER_COUNT = 1000;

	/** How many idle threads one delete removes. */
	static final int DELETE_BATCH = 500;

	/** The most batches one sweep deletes, so a sweep is bounded too. */
	static final int DELETE_BATCHES = 20;

	/**
	 * The locks updates of one thread take turns on; enough that the loops of a burst
	 * seldom wait for each other's writes, which the rows writer may batch together.
	 */
	private static final int STRIPES = 1024;

	/** The most rows remembered for the next write of their thread. */
	static final int ROWS_REMEMBERED = 10_000;

	private final JdbcClient jdbc;

	private final ThreadRows rows;

	private final ThreadCodec codec = new ThreadCodec();

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	private final long maximumSize;

	private final Duration idleExpiry;

	private final InstantSource clock;

	private final Leases leases;

	private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

	/** Launches this replica may take before it counts the rows again. */
	private final AtomicLong room = new AtomicLong();

	/**
	 * The rows this replica last wrote, for a lease's time; a row changed since by
	 * another writer only costs its next write a second try.
	 */
	private final Cache<UUID, Row> written;

	/**
	 * Makes a store.
	 * @param jdbc the database
	 * @param rows writes the rows
	 * @param leases the leases on threads that owe work
	 * @param events announces changes in this process
	 * @param meters counts expired threads
	 * @param maximumSize how many threads the store keeps
	 * @param idleExpiry how long a thread nobody changes is kept
	 * @param clock the time of a write, which retention reads
	 */
	JdbcThreadStore(JdbcClient jdbc, ThreadRows rows, Leases leases, ApplicationEventPublisher events,
			MeterRegistry meters, long maximumSize, Duration idleExpiry, InstantSource clock) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.leases = leases;
		this.events = events;
		this.meters = meters;
		this.maximumSize = maximumSize;
		this.idleExpiry = idleExpiry;
		this.clock = clock;
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new ReentrantLock();
		}
		this.written = Caffeine.newBuilder().maximumSize(ROWS_REMEMBERED).expireAfterWrite(leases.ttl()).build();
	}

	@Override
	public AgentThread create(String message, Origin origin, Channel channel) {
		reserve();
		AgentThread thread = AgentThread.launch(UUID.randomUUID(), message, origin, channel);
		this.rows.insert(new ThreadRows.Insert(thread.id(), thread.status().jsonName(), this.codec.encode(thread),
				thread.createdAt(), this.clock.instant(), waitingSince(thread)));
		this.written.put(thread.id(), new Row(0, thread, this.leases.replica(), 1));
		this.events.publishEvent(new ThreadChanged(thread));
		return thread;
	}

	/**
	 * Takes room for one more thread: counts the rows when this replica's share of room
	 * is spent (once, however many launches found it spent at the same moment), lets idle
	 * threads go first when the store is full, or refuses.
	 */
	private void reserve() {
		if (this.room.decrementAndGet() >= 0) {
			return;
		}
		synchronized (this.room) {
			if (this.room.get() > 0 && this.room.decrementAndGet() >= 0) {
				return;
			}
			long free = this.maximumSize - count();
			if (free <= 0) {
				deleteIdle();
				free = this.maximumSize - count();
			}
			if (free <= 0) {
				this.room.set(0);
				throw new Overloaded("The store holds its maximum of " + this.maximumSize
						+ " threads, and drops none that may still be answered; try again later.", RETRY_AFTER);
			}
			this.room.set(Math.min(free - 1, ROOM_PER_COUNT));
		}
	}

	private long count() {
		return this.jdbc.sql("select count(*) from agent_thread").query(Long.class).single();
	}

	@Override
	public Optional<AgentThread> find(UUID id) {
		return this.jdbc.sql("select body from agent_thread where id = :id")
			.param("id", id)
			.query(String.class)
			.optional()
			.map(this.codec::decode);
	}

	@Override
	public Optional<Lease> lease(UUID id) {
		return this.jdbc.sql("select lease_epoch from agent_thread where id = :id and lease_owner = :owner")
			.param("id", id)
			.param("owner", this.leases.replica())
			.query(Long.class)
			.optional()
			.map(Lease::new);
	}

	/**
	 * Reads the thread with its lease; when this replica remembers the row it last wrote
	 * and the row still has that version, only the version and lease are read, and the
	 * thread is the one remembered.
	 */
	@Override
	public Optional<Leased> leased(UUID id) {
		Row remembered = this.written.getIfPresent(id);
		if (remembered != null) {
			Optional<ThreadRows.Held> held = this.rows.held(id);
			if (held.isEmpty()) {
				return Optional.empty();
			}
			if (held.get().version() == remembered.version()) {
				Row row = new Row(remembered.version(), remembered.thread(), this.leases.replica(), held.get().epoch());
				this.written.put(id, row);
				return Optional.of(new Leased(row.thread(), new Lease(row.leaseEpoch())));
			}
		}
		Optional<Row> row = this.jdbc.sql(
				"select version, body, lease_owner, lease_epoch from agent_thread where id = :id and lease_owner = :owner")
			.param("id", id)
			.param("owner", this.leases.replica())
			.query(this::row)
			.optional();
		row.ifPresent((read) -> this.written.put(id, read));
		return row.map((read) -> new Leased(read.thread(), new Lease(read.leaseEpoch())));
	}

	@Override
	public Optional<AgentThread> update(UUID id, UnaryOperator<AgentThread> change) {
		return update(id, null, change);
	}

	@Override
	public Optional<AgentThread> update(UUID id, Lease lease, UnaryOperator<AgentThread> change) {
		ReentrantLock lock = this.stripes[Math.floorMod(id.hashCode(), STRIPES)];
		AgentThread changed;
		lock.lock();
		try {
			changed = compareAndSet(id, lease, change);
		}
		finally {
			lock.unlock();
		}
		if (changed == null) {
			return Optional.empty();
		}
		this.events.publishEvent(new ThreadChanged(changed));
		return Optional.of(changed);
	}

	/**
	 * Runs the change on the row this replica last wrote, if it remembers one, and writes
	 * the result if the row is still at that version; else reads the row, runs the
	 * change, and writes the result only if the row still has the version read and, for a
	 * write under a lease, is still leased to this replica at the lease's epoch (taking a
	 * lease over leaves the version as it is); else runs the change again on what another
	 * writer stored.
	 * @param lease the lease the write is fenced by, or {@code null} for none
	 * @return the stored thread, or {@code null} when there is none
	 * @throws LeaseLost when the write is fenced by a lease this replica no longer holds
	 */
	private AgentThread compareAndSet(UUID id, Lease lease, UnaryOperator<AgentThread> change) {
		Row remembered = this.written.getIfPresent(id);
		if (remembered != null && (lease == null || remembered.isLeased(this.leases.replica(), lease))) {
			AgentThread next = write(id, lease, remembered, change);
			if (next != null) {
				return next;
			}
		}
		this.written.invalidate(id);
		for (int attempt = 1; attempt <= VersionConflicts.MAX_ATTEMPTS; attempt++) {
			Row row = this.jdbc.sql("select version, body, lease_owner, lease_epoch from agent_thread where id = :id")
				.param("id", id)
				.query(this::row)
				.optional()
				.orElse(null);
			if (row == null) {
				return null;
			}
			if (lease != null && !row.isLeased(this.leases.replica(), lease)) {
				throw new LeaseLost(id, lease);
			}
			AgentThread next = write(id, lease, row, change);
			if (next != null) {
				return next;
			}
			VersionConflicts.backOff(attempt, "thread " + id);
		}
		throw new Overloaded("Thread " + id + " was changed by others " + VersionConflicts.MAX_ATTEMPTS
				+ " times while this change ran; try again.", Duration.ofSeconds(1));
	}

	/**
	 * Runs the change on a row as it was read or written, and writes the result if the
	 * row still has that version (and lease), remembering what it wrote.
	 * @return the stored thread, or {@code null} when the row changed meanwhile
	 */
	private AgentThread write(UUID id, Lease lease, Row row, UnaryOperator<AgentThread> change) {
		AgentThread next = change.apply(row.thread());
		LeaseChange leaseChange = LeaseChange.of(row.thread(), next, row.leaseOwner());
		if (!this.rows.update(new ThreadRows.Update(id, row.version(), lease, leaseChange, next.status().jsonName(),
				this.codec.encode(next), this.clock.instant(), waitingSince(next)))) {
			return null;
		}
		this.written.put(id, switch (leaseChange) {
			case RELEASE -> new Row(row.version() + 1, next, null, row.leaseEpoch());
			case KEEP -> new Row(row.version() + 1, next, row.leaseOwner(), row.leaseEpoch());
			case TAKE -> new Row(row.version() + 1, next, this.leases.replica(), row.leaseEpoch() + 1);
		});
		return next;
	}

	@Override
	public boolean keepsWorkOwed() {
		return true;
	}

	@Override
	public void delete(UUID id) {
		this.written.invalidate(id);
		if (this.jdbc.sql("delete from agent_thread where id = :id").param("id", id).update() == 1) {
			this.room.incrementAndGet();
		}
	}

	@Override
	public List<AgentThread> recent(int limit) {
		return threads(this.jdbc.sql("select body from agent_thread order by created_at desc, id limit :limit")
			.param("limit", limit));
	}

	@Override
	public Map<ThreadStatus, Long> countByStatus() {
		Map<ThreadStatus, Long> counts = new EnumMap<>(ThreadStatus.class);
		for (ThreadStatus status : ThreadStatus.values()) {
			counts.put(status, 0L);
		}
		this.jdbc.sql("select status, count(*) from agent_thread group by status").query((rs) -> {
			for (ThreadStatus status : ThreadStatus.values()) {
				if (status.jsonName().equals(rs.getString(1))) {
					counts.put(status, rs.getLong(2));
				}
			}
		});
		return Collections.unmodifiableMap(counts);
	}

	@Override
	public List<AgentThread> waitingSince(Instant cutoff, int limit) {
		return threads(this.jdbc.sql(
				"select body from agent_thread where waiting_since <= :cutoff order by waiting_since desc limit :limit")
			.param("cutoff", nanos(cutoff))
			.param("limit", limit));
	}

	private List<AgentThread> threads(JdbcClient.StatementSpec bodies) {
		return bodies.query(String.class).list().stream().map(this.codec::decode).toList();
	}

	/**
	 * Deletes the threads nobody changed for {@code AGENT_STORE_IDLE_EXPIRY}, in bounded
	 * batches, and logs and counts them as the in-memory store does. A thread changed
	 * while it is deleted stays.
	 * @return how many were deleted
	 */
	int deleteIdle() {
		OffsetDateTime cutoff = StatementRows.timestamp(this.clock.instant().minus(this.idleExpiry));
		int deleted = 0;
		for (int batch = 0; batch < DELETE_BATCHES; batch++) {
			List<Idle> idle = this.jdbc
				.sql("select id, status from agent_thread where updated_at < :cutoff order by updated_at limit :limit")
				.param("cutoff", cutoff, Types.TIMESTAMP_WITH_TIMEZONE)
				.param("limit", DELETE_BATCH)
				.query((rs, n) -> new Idle(rs.getObject(1, UUID.class), rs.getString(2)))
				.list();
			for (Idle thread : idle) {
				if (this.jdbc.sql("delete from agent_thread where id = :id and updated_at < :cutoff")
					.param("id", thread.id())
					.param("cutoff", cutoff, Types.TIMESTAMP_WITH_TIMEZONE)
					.update() == 1) {
					deleted++;
					this.meters.counter("agent.threads.expired", "status", thread.status()).increment();
					logger.warn("Thread {} was deleted from the store (EXPIRED) while {}.", thread.id(),
							thread.status());
				}
			}
			if (idle.size() < DELETE_BATCH) {
				break;
			}
		}
		return deleted;
	}

	private Row row(ResultSet rs, int rowNum) throws SQLException {
		return new Row(rs.getLong(1), this.codec.decode(rs.getString(2)), rs.getString(3), rs.getLong(4));
	}

	private static Long waitingSince(AgentThread thread) {
		return thread.isPaused() ? nanos(thread.pending().since()) : null;
	}

	/**
	 * An instant to the nanosecond, as the {@code waiting_since} column keeps it: the
	 * deadline check pages by it, so it must compare exactly as the thread's own time.
	 */
	private static long nanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
	}

	private record Row(long version, AgentThread thread, String leaseOwner, long leaseEpoch) {

		boolean isLeased(String replica, Lease lease) {
			return replica.equals(this.leaseOwner) && this.leaseEpoch == lease.epoch();
		}

	}

	private record Idle(UUID id, String status) {

	}

}
