package dev.twelvefactor.agentservice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.util.FileSystemUtils;

/**
 * The file store's database, H2 in a file with the settings the service uses.
 */
class H2ThreadStoreTests extends JdbcThreadStoreContract {

	private static Path directory;

	private static HikariDataSource dataSource;

	@BeforeAll
	static void open() throws IOException {
		directory = Files.createTempDirectory("agent-h2-");
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:file:" + directory.resolve("agent") + StoreConfiguration.H2_SETTINGS);
		dataSource.setUsername("sa");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
	}

	@AfterAll
	static void close() {
		dataSource.close();
		FileSystemUtils.deleteRecursively(directory.toFile());
	}

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

}
