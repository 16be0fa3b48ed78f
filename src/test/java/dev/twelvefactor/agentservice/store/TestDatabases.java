package dev.twelvefactor.agentservice.store;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

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

}
