package dev.twelvefactor.agentservice.store;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes each row with a statement of its own, in SQL both databases speak.
 */
class StatementRows implements ThreadRows {

	private final JdbcClient jdbc;

	private final Leases leases;

	StatementRows(JdbcClient jdbc, Leases leases) {
		this.jdbc = jdbc;
		this.leases = leases;
	}

	@Override
	public void insert(Insert row) {
		this.jdbc
			.sql("insert into agent_thread (id, version, status, body, created_at, updated_at, waiting_since,"
					+ " lease_owner, lease_epoch, lease_until) values (:id, 0, :status, :body, :createdAt, :updatedAt,"
					+ " :waitingSince, :owner, 1, " + Leases.UNTIL + ")")
			.param("owner", this.leases.replica())
			.param("ttl", this.leases.ttlSeconds(), Types.DOUBLE)
			.param("id", row.id())
			.param("status", row.status())
			.param("body", row.body())
			.param("createdAt", timestamp(row.createdAt()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("updatedAt", timestamp(row.updatedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("waitingSince", row.waitingSince(), Types.BIGINT)
			.update();
	}

	@Override
	public boolean update(Update row) {
		return this.jdbc
			.sql("update agent_thread set version = version + 1, status = :status, body = :body,"
					+ " updated_at = :updatedAt, waiting_since = :waitingSince" + leaseSql(row.lease())
					+ " where id = :id and version = :version"
					+ ((row.fence() != null) ? " and lease_owner = :owner and lease_epoch = :epoch" : ""))
			.param("epoch", (row.fence() != null) ? row.fence().epoch() : 0)
			.param("owner", this.leases.replica())
			.param("ttl", this.leases.ttlSeconds(), Types.DOUBLE)
			.param("status", row.status())
			.param("body", row.body())
			.param("updatedAt", timestamp(row.updatedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("waitingSince", row.waitingSince(), Types.BIGINT)
			.param("id", row.id())
			.param("version", row.version())
			.update() == 1;
	}

	@Override
	public Optional<Held> held(UUID id) {
		return this.jdbc.sql("select version, lease_epoch from agent_thread where id = :id and lease_owner = :owner")
			.param("id", id)
			.param("owner", this.leases.replica())
			.query((rs, n) -> new Held(rs.getLong(1), rs.getLong(2)))
			.optional();
	}

	private static String leaseSql(LeaseChange change) {
		return switch (change) {
			case RELEASE -> ", lease_owner = null, lease_until = null";
			case KEEP ->
				", lease_until = case when lease_owner = :owner then " + Leases.UNTIL + " else lease_until end";
			case TAKE -> ", lease_owner = :owner, lease_epoch = lease_epoch + 1, lease_until = " + Leases.UNTIL;
		};
	}

	static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
