package dev.twelvefactor.agentservice.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Types;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.twelvefactor.agentservice.webhook.StartedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys of the messages that started threads, in the database, each written in the
 * same transaction as its thread: a copy of a message that arrives after a restart or at
 * another replica finds the key and starts nothing. Copies racing on two replicas both
 * insert the key; the database lets one in and makes the other wait for it and find its
 * thread. A key goes with its thread when the thread is deleted, and after
 * {@value JdbcDeliveries#RETENTION_HOURS} hours, as the webhook ids do.
 */
class JdbcStartedThreads implements StartedThreads {

	private static final Logger logger = LoggerFactory.getLogger(JdbcStartedThreads.class);

	/** The longest key kept as it is; a longer one is kept as its SHA-256 digest. */
	static final int MAX_KEY_LENGTH = 200;

	private static final int STRIPES = 64;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final InstantSource clock;

	private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

	JdbcStartedThreads(JdbcClient jdbc, TransactionTemplate transactions, InstantSource clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new ReentrantLock();
		}
	}

	/**
	 * Claims the key, then stores the thread and names it on the key, all in one
	 * transaction; copies in this process take turns on a lock, copies on other replicas
	 * on the key's row.
	 */
	@Override
	public Started start(String key, Supplier<UUID> create) {
		String stored = stored(key);
		ReentrantLock lock = this.stripes[Math.floorMod(stored.hashCode(), STRIPES)];
		lock.lock();
		try {
			UUID earlier = find(stored);
			if (earlier != null) {
				return new Started(earlier, false);
			}
			return this.transactions.execute((transaction) -> claimAndCreate(stored, create));
		}
		finally {
			lock.unlock();
		}
	}

	private Started claimAndCreate(String key, Supplier<UUID> create) {
		this.jdbc.sql("delete from inbound_thread where inbound_key = :key and received_at < :cutoff")
			.param("key", key)
			.param("cutoff", cutoff(), Types.TIMESTAMP_WITH_TIMEZONE)
			.update();
		int claimed = this.jdbc
			.sql("insert into inbound_thread (inbound_key, received_at) values (:key, :receivedAt)"
					+ " on conflict do nothing")
			.param("key", key)
			.param("receivedAt", this.clock.instant().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE)
			.update();
		if (claimed == 0) {
			return new Started(find(key), false);
		}
		UUID threadId = create.get();
		this.jdbc.sql("update inbound_thread set thread_id = :threadId where inbound_key = :key")
			.param("threadId", threadId)
			.param("key", key)
			.update();
		return new Started(threadId, true);
	}

	@Override
	public void forget(String key) {
		this.jdbc.sql("delete from inbound_thread where inbound_key = :key").param("key", stored(key)).update();
	}

	private UUID find(String key) {
		return this.jdbc.sql("select thread_id from inbound_thread where inbound_key = :key and received_at >= :cutoff")
			.param("key", key)
			.param("cutoff", cutoff(), Types.TIMESTAMP_WITH_TIMEZONE)
			.query((rs, n) -> rs.getObject(1, UUID.class))
			.optional()
			.orElse(null);
	}

	/**
	 * Deletes the keys older than the retention window, then the oldest beyond the most
	 * kept.
	 * @return how many were deleted
	 */
	int sweep() {
		int deleted = this.jdbc.sql("delete from inbound_thread where received_at < :cutoff")
			.param("cutoff", cutoff(), Types.TIMESTAMP_WITH_TIMEZONE)
			.update();
		deleted += this.jdbc
			.sql("delete from inbound_thread where received_at < (select received_at from inbound_thread"
					+ " order by received_at desc limit 1 offset :keep)")
			.param("keep", JdbcDeliveries.MAXIMUM_SIZE)
			.update();
		if (deleted > 0) {
			logger.info(
					"Forgot {} keys of messages that started threads more than {} hours ago or beyond the newest {}.",
					deleted, JdbcDeliveries.RETENTION_HOURS, JdbcDeliveries.MAXIMUM_SIZE);
		}
		return deleted;
	}

	/**
	 * The key as the table keeps it: an index entry has a bounded size, and an email's
	 * {@code message_id} has none.
	 */
	static String stored(String key) {
		if (key.length() <= MAX_KEY_LENGTH) {
			return key;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return "sha256:" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private OffsetDateTime cutoff() {
		return this.clock.instant().minus(JdbcDeliveries.RETENTION).atOffset(ZoneOffset.UTC);
	}

}
