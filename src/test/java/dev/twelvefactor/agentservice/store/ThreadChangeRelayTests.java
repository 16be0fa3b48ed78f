package dev.twelvefactor.agentservice.store;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.ChangesElsewhereMissed;
import dev.twelvefactor.agentservice.thread.ThreadChangedElsewhere;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay between replicas on the tests' throwaway PostgreSQL: replica B hears of what
 * replica A stores, and of nothing it stored itself; a lost listening connection is
 * opened again and reported as changes that may have been missed.
 */
class ThreadChangeRelayTests {

	private static final String A = "replica-a";

	private static final String B = "replica-b";

	private static String url;

	private static HikariDataSource replicaA;

	private static HikariDataSource replicaB;

	private final BlockingQueue<Object> heardByB = new LinkedBlockingQueue<>();

	private ThreadChangeRelay relay;

	@BeforeAll
	static void open() {
		url = TestPostgres.get().createDatabase();
		replicaA = dataSource(A);
		replicaB = dataSource(B);
		Flyway.configure().dataSource(replicaA).locations("classpath:db/migration/postgresql").load().migrate();
	}

	@AfterAll
	static void close() {
		replicaA.close();
		replicaB.close();
	}

	@BeforeEach
	void startRelayOfB() throws InterruptedException {
		this.relay = new ThreadChangeRelay(new StoreProperties.Database(url, TestPostgres.get().user(), null), B,
				this.heardByB::add);
		this.relay.start();
		assertThat(this.heardByB.poll(10, TimeUnit.SECONDS)).isInstanceOf(ChangesElsewhereMissed.class);
	}

	@AfterEach
	void stopRelay() {
		this.relay.stop();
	}

	@Test
	void whatAnotherReplicaStoresIsHeard() throws InterruptedException {
		AgentThread thread = store(replicaA, A).create("can you add 3 and 4?");

		assertThat(this.heardByB.poll(5, TimeUnit.SECONDS)).isEqualTo(new ThreadChangedElsewhere(thread.id()));
	}

	@Test
	void everyNewVersionIsHeardButNotALeaseRenewed() throws InterruptedException {
		JdbcThreadStore store = store(replicaA, A);
		AgentThread thread = store.create("can you add 3 and 4?");
		assertThat(this.heardByB.poll(5, TimeUnit.SECONDS)).isEqualTo(new ThreadChangedElsewhere(thread.id()));

		JdbcClient jdbc = JdbcClient.create(replicaA);
		jdbc.sql("update agent_thread set lease_until = current_timestamp where id = :id")
			.param("id", thread.id())
			.update();
		assertThat(new Leases(jdbc, A, Duration.ofSeconds(30)).renew()).isOne();
		store.update(thread.id(), (current) -> current.fail("stopped", Failure.Step.MODEL));

		assertThat(this.heardByB.poll(5, TimeUnit.SECONDS)).isEqualTo(new ThreadChangedElsewhere(thread.id()));
		assertThat(this.heardByB.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aWriteFromOutsideTheServiceIsHeard() throws InterruptedException {
		AgentThread thread = store(replicaB, B).create("can you add 3 and 4?");
		try (HikariDataSource outside = new HikariDataSource()) {
			outside.setJdbcUrl(url);
			outside.setUsername(TestPostgres.get().user());
			JdbcClient.create(outside)
				.sql("update agent_thread set version = version + 1 where id = :id")
				.param("id", thread.id())
				.update();
		}

		assertThat(this.heardByB.poll(5, TimeUnit.SECONDS)).isEqualTo(new ThreadChangedElsewhere(thread.id()));
	}

	@Test
	void whatThisReplicaStoresIsNotRelayed() throws InterruptedException {
		store(replicaB, B).create("can you add 3 and 4?");
		AgentThread elsewhere = store(replicaA, A).create("can you add 5 and 6?");

		assertThat(this.heardByB.poll(5, TimeUnit.SECONDS)).isEqualTo(new ThreadChangedElsewhere(elsewhere.id()));
		assertThat(this.heardByB).isEmpty();
	}

	@Test
	void aLostConnectionIsOpenedAgainAndReportedAsChangesThatMayBeMissed() throws InterruptedException {
		int terminated = JdbcClient.create(replicaA)
			.sql("select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database()"
					+ " and query = 'listen " + ThreadChangeRelay.CHANNEL + "'")
			.query(Integer.class)
			.single();
		assertThat(terminated).isOne();

		assertThat(this.heardByB.poll(10, TimeUnit.SECONDS)).isInstanceOf(ChangesElsewhereMissed.class);
		AgentThread thread = store(replicaA, A).create("can you add 3 and 4?");
		assertThat(this.heardByB.poll(5, TimeUnit.SECONDS)).isEqualTo(new ThreadChangedElsewhere(thread.id()));
	}

	/**
	 * The store of one replica, on that replica's connections, whose writes the database
	 * announces.
	 */
	private static JdbcThreadStore store(HikariDataSource dataSource, String replica) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		Leases leases = new Leases(jdbc, replica, Duration.ofSeconds(30));
		return new JdbcThreadStore(jdbc, new StatementRows(jdbc, leases), leases, (event) -> {
		}, new SimpleMeterRegistry(), 1000, Duration.ofDays(1), InstantSource.system());
	}

	private static HikariDataSource dataSource(String replica) {
		HikariDataSource dataSource = new HikariDataSource();
		new Replica(replica).nameConnections(dataSource);
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(TestPostgres.get().user());
		dataSource.setMaximumPoolSize(2);
		dataSource.addDataSourceProperty("stringtype", "unspecified");
		return dataSource;
	}

}
