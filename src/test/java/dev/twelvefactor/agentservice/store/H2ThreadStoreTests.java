package dev.twelvefactor.agentservice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

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
		dataSource.setJdbcUrl(StoreConfiguration.h2Url(directory));
		dataSource.setUsername("sa");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
	}

	@AfterAll
	static void close() {
		dataSource.close();
		FileSystemUtils.deleteRecursively(directory.toFile());
	}

	@Test
	void aWriteFromAnInterruptedThreadLeavesTheDatabaseOpen() {
		ThreadStore store = store(100, Duration.ofDays(1));
		AgentThread thread = store.create("can you multiply 3 and 4");
		AgentThread written;
		Thread.currentThread().interrupt();
		try {
			written = store.update(thread.id(), (t) -> t.append(List.of(Event.error("written while interrupted"))))
				.orElseThrow();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(store.find(thread.id())).contains(written);
		assertThat(store.create("and another").id()).isNotNull();
	}

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

}
