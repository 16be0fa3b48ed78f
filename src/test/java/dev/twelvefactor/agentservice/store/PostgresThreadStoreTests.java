package dev.twelvefactor.agentservice.store;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The PostgreSQL store, on the tests' throwaway server.
 */
class PostgresThreadStoreTests extends JdbcThreadStoreContract {

	private static HikariDataSource dataSource;

	@BeforeAll
	static void open() {
		TestPostgres postgres = TestPostgres.get();
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.createDatabase());
		dataSource.setUsername(postgres.user());
		dataSource.addDataSourceProperty("stringtype", "unspecified");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load().migrate();
	}

	@AfterAll
	static void close() {
		dataSource.close();
	}

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

}
