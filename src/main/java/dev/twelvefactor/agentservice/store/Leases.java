package dev.twelvefactor.agentservice.store;

import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The leases on threads that owe work: a running loop, a request not confirmed sent, an
 * escalation being sent. A write that makes a thread owe work leases it to the replica
 * that wrote it, until the database's clock passes {@code lease_until}; the replica
 * renews its leases while it lives, and another takes over those that expire. Every time
 * is the database's, so the replicas' clocks do not matter.
 */
class Leases {

	/** The end of a lease taken now, in SQL both databases speak. */
	static final String UNTIL = fromNow(":ttl");

	/**
	 * The database's time a number of seconds from now, in SQL both databases speak.
	 * @param seconds the parameter that gives the seconds ({@code :name} or {@code ?})
	 * @return the SQL expression
	 */
	static String fromNow(String seconds) {
		return "current_timestamp + cast(" + seconds + " as double precision) * interval '1' second";
	}

	private final JdbcClient jdbc;

	private final String replica;

	private final Duration ttl;

	Leases(JdbcClient jdbc, String replica, Duration ttl) {
		this.jdbc = jdbc;
		this.replica = replica;
		this.ttl = ttl;
	}

	/**
	 * The id of this replica, new on every start.
	 * @return the id leases name as their owner
	 */
	String replica() {
		return this.replica;
	}

	/**
	 * How long a lease lasts unless renewed.
	 * @return the time to live
	 */
	Duration ttl() {
		return this.ttl;
	}

	double ttlSeconds() {
		return this.ttl.toMillis() / 1000.0;
	}

	/**
	 * Extends the leases this replica holds that have less than two thirds of their time
	 * to live left: renewed every third of it, a lease never comes within a third of its
	 * end, and one a write of the thread's work just extended is left alone, so a busy
	 * replica does not write every row it holds again.
	 * @return how many
	 */
	int renew() {
		return this.jdbc
			.sql("update agent_thread set lease_until = " + UNTIL + " where lease_owner = :owner"
					+ " and lease_until < " + fromNow(":soon"))
			.param("ttl", ttlSeconds(), Types.DOUBLE)
			.param("soon", ttlSeconds() * 2 / 3, Types.DOUBLE)
			.param("owner", this.replica)
			.update();
	}

	/**
	 * Hands every lease this replica holds to whoever takes it first: another replica at
	 * once, or the next start.
	 * @return how many
	 */
	int release() {
		return this.jdbc
			.sql("update agent_thread set lease_until = current_timestamp - interval '1' second"
					+ " where lease_owner = :owner")
			.param("owner", this.replica)
			.update();
	}

	/**
	 * Takes over leases held by other replicas, longest expired first. Each is taken by a
	 * compare-and-set on its holder and epoch, so of two replicas that try, one takes it.
	 * @param expiredOnly whether to take only expired leases (several replicas), or every
	 * one (one process, at its start: whoever held them is gone)
	 * @param limit how many, at most
	 * @return the threads taken over, whose work this replica now owes
	 */
	List<UUID> claim(boolean expiredOnly, int limit) {
		List<Held> held = this.jdbc
			.sql("select id, lease_owner, lease_epoch from agent_thread where lease_owner is not null"
					+ " and lease_owner <> :owner" + (expiredOnly ? " and lease_until < current_timestamp" : "")
					+ " order by lease_until limit :limit")
			.param("owner", this.replica)
			.param("limit", limit)
			.query((rs, n) -> new Held(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)))
			.list();
		List<UUID> claimed = new ArrayList<>();
		for (Held lease : held) {
			int taken = this.jdbc
				.sql("update agent_thread set lease_owner = :owner, lease_epoch = lease_epoch + 1, lease_until = "
						+ UNTIL + " where id = :id and lease_owner = :holder and lease_epoch = :epoch")
				.param("owner", this.replica)
				.param("ttl", ttlSeconds(), Types.DOUBLE)
				.param("id", lease.id())
				.param("holder", lease.owner())
				.param("epoch", lease.epoch())
				.update();
			if (taken == 1) {
				claimed.add(lease.id());
			}
		}
		return claimed;
	}

	private record Held(UUID id, String owner, long epoch) {

	}

}
