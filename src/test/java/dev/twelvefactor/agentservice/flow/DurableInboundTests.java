package dev.twelvefactor.agentservice.flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import dev.twelvefactor.agentservice.store.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message that begins a thread starts one, however often it is delivered: over HTTP
 * through the running app, the same email, Slack message or conversation delivery after a
 * restart of the file store, and copies sent to two replicas on one PostgreSQL at the
 * same moment.
 */
class DurableInboundTests {

	@Test
	void aMessageDeliveredAgainAfterARestartOfTheFileStoreStartsNoSecondThread(@TempDir Path directory) {
		String[] store = { "--agent.store.type=file", "--agent.store.path=" + directory };
		String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
		String ts = "1717171717.123456";
		String conversationId = "msg_" + UUID.randomUUID();
		String email;
		String slack;
		String conversation;
		try (ConfigurableApplicationContext context = StoreApps.start(store)) {
			ServiceClient service = StoreApps.client(context);
			email = started(service.webhook(email(messageId), Map.of("webhook-id", "msg_" + UUID.randomUUID())));
			slack = started(service.webhook(slack(ts)));
			conversation = started(service.webhook(conversation(), Map.of("webhook-id", conversationId)));
		}
		try (ConfigurableApplicationContext context = StoreApps.start(store)) {
			ServiceClient service = StoreApps.client(context);
			assertDuplicateOf(email,
					service.webhook(email(messageId), Map.of("webhook-id", "msg_" + UUID.randomUUID())));
			assertDuplicateOf(slack, service.webhook(slack(ts)));
			assertDuplicateOf(conversation, service.webhook(conversation(), Map.of("webhook-id", conversationId)));
			assertThat(threads(context)).isEqualTo(3);
		}
	}

	@Test
	void copiesOfAMessageSentToTwoReplicasAtOnceStartOneThread() throws Exception {
		TestPostgres postgres = TestPostgres.get();
		String[] store = { "--agent.store.type=postgres", "--agent.store.database.url=" + postgres.createDatabase(),
				"--agent.store.database.user=" + postgres.user() };
		try (ConfigurableApplicationContext a = StoreApps.start(store);
				ConfigurableApplicationContext b = StoreApps.start(store)) {
			List<ServiceClient> replicas = List.of(StoreApps.client(a), StoreApps.client(b));
			Set<String> threads = new HashSet<>();
			for (int i = 0; i < 20; i++) {
				String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
				threads.add(onBoth(replicas, email(messageId), Map.of("webhook-id", "msg_" + UUID.randomUUID())));
				threads.add(onBoth(replicas, slack("1717171717." + (100000 + i)), Map.of()));
				threads.add(onBoth(replicas, conversation(), Map.of("webhook-id", "msg_" + UUID.randomUUID())));
			}
			assertThat(threads).hasSize(60);
			assertThat(threads(a)).isEqualTo(60);
		}
	}

	@Test
	void aWebhookIdLongerThanAnyHumanLayerSendsIsRefusedAndStartsNothing() {
		TestPostgres postgres = TestPostgres.get();
		StringBuilder webhookId = new StringBuilder("msg_");
		while (webhookId.length() <= 3000) {
			webhookId.append(UUID.randomUUID());
		}
		try (ConfigurableApplicationContext context = StoreApps.start("--agent.store.type=postgres",
				"--agent.store.database.url=" + postgres.createDatabase(),
				"--agent.store.database.user=" + postgres.user())) {
			ServiceClient.Answer answer = StoreApps.client(context)
				.webhook(conversation(), Map.of("webhook-id", webhookId.toString()));
			assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(answer.body().get("type").asString()).isEqualTo("urn:problem-type:invalid-webhook");
			assertThat(threads(context)).isZero();
		}
	}

	/**
	 * Sends one delivery to both replicas at the same moment (each copy with its own
	 * headers) and checks that one started a thread and the other names the same thread
	 * as a duplicate.
	 * @return the thread
	 */
	private static String onBoth(List<ServiceClient> replicas, String body, Map<String, String> headers)
			throws Exception {
		CountDownLatch together = new CountDownLatch(1);
		List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
		for (ServiceClient replica : replicas) {
			answers.add(CompletableFuture.supplyAsync(() -> {
				try {
					together.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				ServiceClient.Answer answer = replica.webhook(body, headers);
				assertThat(answer.status()).isEqualTo(HttpStatus.OK);
				return answer.body();
			}));
		}
		together.countDown();
		JsonNode first = answers.get(0).get();
		JsonNode second = answers.get(1).get();
		assertThat(List.of(first.get("status").asString(), second.get("status").asString()))
			.containsExactlyInAnyOrder("started", "duplicate");
		assertThat(first.get("thread_id").asString()).isEqualTo(second.get("thread_id").asString());
		return first.get("thread_id").asString();
	}

	private static String started(ServiceClient.Answer answer) {
		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.body().get("status").asString()).isEqualTo("started");
		return answer.body().get("thread_id").asString();
	}

	private static void assertDuplicateOf(String thread, ServiceClient.Answer answer) {
		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.body().get("status").asString()).isEqualTo("duplicate");
		assertThat(answer.body().get("thread_id").asString()).isEqualTo(thread);
	}

	private static long threads(ConfigurableApplicationContext context) {
		return JdbcClient.create(context.getBean(DataSource.class))
			.sql("select count(*) from agent_thread")
			.query(Long.class)
			.single();
	}

	private static String email(String messageId) {
		return """
				{"type":"agent_email.received","is_test":false,
				 "event":{"from_address":"user@example.com","to_address":"agent@humanlayer.dev","subject":"Numbers",
				          "body":"can you add 1 and 2","message_id":"%s","previous_thread":[],"raw_email":"(raw)"}}
				""".formatted(messageId);
	}

	private static String slack(String ts) {
		return """
				{"type":"agent_slack.received","is_test":false,
				 "event":{"thread_ts":"%1$s","channel_id":"C0123ABC",
				          "events":[{"from_user_id":"U0456DEF","channel_id":"C0123ABC","content":"can you add 1 and 2",
				                     "message_id":"%1$s"}]}}
				""".formatted(ts);
	}

	private static String conversation() {
		return """
				{"type":"conversation.created","is_test":false,
				 "event":{"user_message":"can you add 1 and 2","contact_channel_id":42,"agent_name":"calc-agent"}}
				""";
	}

}
