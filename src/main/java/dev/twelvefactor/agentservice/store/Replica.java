package dev.twelvefactor.agentservice.store;

import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.util.Assert;

/**
 * This process among the replicas that share a database: the owner its leases name, and
 * on PostgreSQL the writer its announced changes name.
 *
 * @param id the replica's id, new on every start
 */
record Replica(String id) {

	Replica {
		Assert.isTrue(id.matches("[A-Za-z0-9_-]{1,63}"), "A replica's id is 1 to 63 letters, digits, '-' or '_'");
	}

	/**
	 * A replica with a new id.
	 * @return the replica
	 */
	static Replica next() {
		return new Replica("replica-" + UUID.randomUUID().toString().substring(0, 8));
	}

	/**
	 * Names this replica on every connection of a PostgreSQL pool, as the setting
	 * {@code agent.replica} that the trigger announcing thread changes reads.
	 * @param dataSource the pool
	 */
	void nameConnections(HikariDataSource dataSource) {
		dataSource.setConnectionInitSql("set agent.replica = '" + this.id + "'");
	}

}
