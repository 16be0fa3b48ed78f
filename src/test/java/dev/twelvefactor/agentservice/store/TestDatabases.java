package dev.twelvefactor.agentservice.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The durable stores' databases for tests outside this package, migrated and set up as
 * the service sets them up.
 */
public final class TestDatabases {

	private TestDatabases() {
	}

	/**
	 * The file store's H2 database in a directory.
	 * @param directory where its file goes
	 * @return the migrated database; close it when done
	 */
	public static HikariDataSource h2(Path directory) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:file:" + directory.resolve("agent") + StoreConfiguration.H2_SETTINGS);
		dataSource.setUsername("sa");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
		return dataSource;
	}

	/**
	 * A new database of the test JVM's PostgreSQL.
	 * @return the migrated database; close it when done
	 */
	public static HikariDataSource postgres() {
		TestPostgres postgres = TestPostgres.get();
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.createDatabase());
		dataSource.setUsername(postgres.user());
		dataSource.addDataSourceProperty("stringtype", "unspecified");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load().migrate();
		return dataSource;
	}

	/**
	 * The durable store as one replica of the service sees it, with leases of an hour.
	 * @param dataSource a migrated database
	 * @param replica the replica's id, which its leases name
	 * @return the store
	 */
	public static ThreadStore replica(DataSource dataSource, String replica) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		Leases leases = new Leases(jdbc, replica, Duration.ofHours(1));
		return new JdbcThreadStore(jdbc, new StatementRows(jdbc, leases), leases, (event) -> {
		}, new SimpleMeterRegistry(), 1000, Duration.ofDays(1), Instant::now);
	}

	/**
	 * Lets a thread's lease expire, and has a replica take it over, as a replica takes
	 * over the work of one that stalled past its lease.
	 * @param dataSource a migrated database
	 * @param threadId the thread
	 * @param replica the replica that takes it over
	 * @return the threads taken over
	 */
	public static List<UUID> takeOver(DataSource dataSource, UUID threadId, String replica) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("update agent_thread set lease_until = current_timestamp - interval '1' second where id = :id")
			.param("id", threadId)
			.update();
		return new Leases(jdbc, replica, Duration.ofHours(1)).claim(true, 10);
	}

}
