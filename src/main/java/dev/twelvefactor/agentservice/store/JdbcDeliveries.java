package dev.twelvefactor.agentservice.store;

import java.sql.Types;
import java.time.Duration;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.twelvefactor.agentservice.webhook.HandledDeliveries;
import dev.twelvefactor.agentservice.webhook.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code webhook-id}s handled within the retention window, in the database, so that a
 * sender's retry is a duplicate after a restart and on every replica. Bounded by time
 * ({@value #RETENTION_HOURS} hours) and by number: {@link #sweep} deletes what is older,
 * and the oldest beyond {@value #MAXIMUM_SIZE} ids.
 */
class JdbcDeliveries implements HandledDeliveries {

	private static final Logger logger = LoggerFactory.getLogger(JdbcDeliveries.class);

	static final int RETENTION_HOURS = 24;

	static final Duration RETENTION = Duration.ofHours(RETENTION_HOURS);

	static final int MAXIMUM_SIZE = 100_000;

	private final JdbcClient jdbc;

	private final InstantSource clock;

	JdbcDeliveries(JdbcClient jdbc, InstantSource clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public Receipt find(String webhookId) {
		return this.jdbc
			.sql("select status, thread_id, call_id from webhook_delivery where webhook_id = :id"
					+ " and received_at >= :cutoff")
			.param("id", webhookId)
			.param("cutoff", cutoff(), Types.TIMESTAMP_WITH_TIMEZONE)
			.query((rs, n) -> new Receipt(rs.getString(1), uuid(rs.getString(2)), rs.getString(3)))
			.optional()
			.orElse(null);
	}

	@Override
	public void remember(String webhookId, Receipt receipt) {
		this.jdbc
			.sql("insert into webhook_delivery (webhook_id, status, thread_id, call_id, received_at)"
					+ " values (:id, :status, :threadId, :callId, :receivedAt) on conflict do nothing")
			.param("id", webhookId)
			.param("status", receipt.status())
			.param("threadId", (receipt.threadId() != null) ? receipt.threadId().toString() : null, Types.VARCHAR)
			.param("callId", receipt.callId(), Types.VARCHAR)
			.param("receivedAt", this.clock.instant().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE)
			.update();
	}

	/**
	 * Deletes the ids older than the retention window, then the oldest beyond the most
	 * kept.
	 * @return how many were deleted
	 */
	int sweep() {
		int deleted = this.jdbc.sql("delete from webhook_delivery where received_at < :cutoff")
			.param("cutoff", cutoff(), Types.TIMESTAMP_WITH_TIMEZONE)
			.update();
		deleted += this.jdbc
			.sql("delete from webhook_delivery where received_at < (select received_at from webhook_delivery"
					+ " order by received_at desc limit 1 offset :keep)")
			.param("keep", MAXIMUM_SIZE)
			.update();
		if (deleted > 0) {
			logger.info("Forgot {} webhook ids handled more than {} hours ago or beyond the newest {}.", deleted,
					RETENTION_HOURS, MAXIMUM_SIZE);
		}
		return deleted;
	}

	private static UUID uuid(String text) {
		return (text != null) ? UUID.fromString(text) : null;
	}

	private OffsetDateTime cutoff() {
		return this.clock.instant().minus(RETENTION).atOffset(ZoneOffset.UTC);
	}

}
