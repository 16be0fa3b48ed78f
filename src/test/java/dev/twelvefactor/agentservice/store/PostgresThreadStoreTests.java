package dev.twelvefactor.agentservice.store;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The PostgreSQL store, on the tests' throwaway server, writing in batches.
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

	private final List<BatchedRows> writers = new ArrayList<>();

	@AfterEach
	void stopWriters() {
		this.writers.forEach(BatchedRows::close);
	}

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

	/**
	 * Every store of these tests writes in batches, as the service does on PostgreSQL.
	 */
	@Override
	protected ThreadRows rows(Leases leases) {
		BatchedRows rows = new BatchedRows(dataSource, new StatementRows(JdbcClient.create(dataSource), leases), leases,
				new SimpleMeterRegistry());
		this.writers.add(rows);
		return rows;
	}

}
