package dev.twelvefactor.agentservice.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.twelvefactor.agentservice.thread.ThreadProperties;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * The durable stores, only when {@code AGENT_STORE} is {@code file} or {@code postgres}:
 * the DataSource (Flyway migrates it, Boot's {@code JdbcClient} reads it), the thread
 * store, the handled webhook ids, the keys of the messages that started threads and their
 * retention, the leases that let work owed by a process outlive it, and on PostgreSQL the
 * relay of changes between replicas. Boot's own DataSource configuration is excluded, so
 * the in-memory default has none.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DurableStore.class)
@EnableScheduling
class StoreConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(StoreConfiguration.class);

	/**
	 * H2 as a crash-safe embedded database: {@code WRITE_DELAY=0} writes each commit
	 * before it returns (H2's default delay lost acknowledged commits under
	 * {@code kill -9}), and PostgreSQL's dialect lets both stores share their SQL.
	 */
	static final String H2_SETTINGS = ";WRITE_DELAY=0;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

	/**
	 * The embedded database in a directory. Its files are opened through H2's
	 * {@code retry:} file system, which opens a file again when an interrupted thread's
	 * write closed its channel (Java closes a {@code FileChannel} on an interrupt): on
	 * H2's plain files such a write closes the whole database for good, and a loop
	 * interrupted at a graceful stop used to do that, so the next start in the same JVM
	 * could not open it.
	 * @param directory where the files are
	 * @return the JDBC URL
	 */
	static String h2Url(Path directory) {
		return "jdbc:h2:file:retry:" + directory.resolve("agent") + H2_SETTINGS;
	}

	@Bean
	Replica replica() {
		Replica replica = Replica.next();
		logger.info("This replica holds the leases of the threads it works on as {}.", replica.id());
		return replica;
	}

	@Bean
	HikariDataSource dataSource(StoreProperties properties, Replica replica) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName("agent-store");
		if (properties.type() == StoreProperties.Type.FILE) {
			Path directory = directory(properties.path());
			dataSource.setJdbcUrl(h2Url(directory));
			dataSource.setUsername("sa");
			logger.info("Threads are kept in the embedded database in {} (AGENT_STORE=file).", directory);
		}
		else {
			StoreProperties.Database database = properties.database();
			dataSource.setJdbcUrl(database.url());
			dataSource.setUsername(database.user());
			dataSource.setPassword(database.password());
			// a JSON document is bound as text; PostgreSQL casts it to jsonb
			dataSource.addDataSourceProperty("stringtype", "unspecified");
			replica.nameConnections(dataSource);
			logger.info("Threads are kept in PostgreSQL at {} (AGENT_STORE=postgres).", withoutQuery(database.url()));
		}
		return dataSource;
	}

	@Bean
	Leases leases(JdbcClient jdbc, Replica replica, StoreProperties properties) {
		return new Leases(jdbc, replica.id(), properties.leaseTtl());
	}

	/**
	 * Writes the rows of threads: in batches on PostgreSQL, where a burst's writes share
	 * statements; one at a time on the embedded database, which runs in this process.
	 */
	@Bean
	ThreadRows threadRows(JdbcClient jdbc, HikariDataSource dataSource, Leases leases, MeterRegistry meters,
			StoreProperties properties) {
		StatementRows alone = new StatementRows(jdbc, leases);
		return (properties.type() == StoreProperties.Type.POSTGRES) ? new BatchedRows(dataSource, alone, leases, meters)
				: alone;
	}

	@Bean
	@DependsOnDatabaseInitialization
	JdbcThreadStore threadStore(JdbcClient jdbc, ThreadRows rows, Leases leases, ApplicationEventPublisher events,
			MeterRegistry meters, ThreadProperties threads) {
		return new JdbcThreadStore(jdbc, rows, leases, events, meters, threads.store().maximumSize(),
				threads.store().idleExpiry(), InstantSource.system());
	}

	@Bean
	@Conditional(PostgresStore.class)
	ThreadChangeRelay threadChangeRelay(StoreProperties properties, Leases leases, ApplicationEventPublisher events) {
		return new ThreadChangeRelay(properties.database(), leases.replica(), events);
	}

	@Bean
	@DependsOnDatabaseInitialization
	WorkRecovery workRecovery(Leases leases, ThreadRunner runner, StoreProperties properties) {
		return new WorkRecovery(leases, runner, properties.type() == StoreProperties.Type.POSTGRES,
				properties.leaseTtl());
	}

	@Bean
	@DependsOnDatabaseInitialization
	JdbcDeliveries handledDeliveries(JdbcClient jdbc) {
		return new JdbcDeliveries(jdbc, InstantSource.system());
	}

	@Bean
	@DependsOnDatabaseInitialization
	JdbcStartedThreads startedThreads(JdbcClient jdbc, HikariDataSource dataSource) {
		return new JdbcStartedThreads(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
				InstantSource.system());
	}

	@Bean
	Retention retention(JdbcThreadStore threads, JdbcDeliveries deliveries, JdbcStartedThreads started) {
		return new Retention(threads, deliveries, started);
	}

	private static Path directory(Path path) {
		Path directory = path.toAbsolutePath().normalize();
		Assert.isTrue(!directory.toString().contains(";"), "AGENT_STORE_PATH must not contain ';'");
		try {
			return Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("AGENT_STORE_PATH " + directory + " cannot be created", ex);
		}
	}

	/**
	 * The URL without its query, where a password may be given.
	 */
	private static String withoutQuery(String url) {
		int query = url.indexOf('?');
		return (query >= 0) ? url.substring(0, query) : url;
	}

}
