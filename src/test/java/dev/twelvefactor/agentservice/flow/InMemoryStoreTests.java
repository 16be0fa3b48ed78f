package dev.twelvefactor.agentservice.flow;

import javax.sql.DataSource;

import dev.twelvefactor.agentservice.webhook.HandledDeliveries;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default, in-memory store starts no database behind the user's back: no DataSource,
 * no pool, no migration (the same application as {@link FlowTests}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class InMemoryStoreTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void theInMemoryStoreStartsNoDatabase() {
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(Flyway.class)).isEmpty();
		assertThat(this.context.getBean(HandledDeliveries.class).getClass().getSimpleName())
			.isEqualTo("RecentDeliveries");
	}

}
