package dev.twelvefactor.agentservice.flow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.twelvefactor.agentservice.AgentServiceApplication;
import dev.twelvefactor.agentservice.store.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local inbox keeps its calls in the durable store: over HTTP through the running
 * app, a pending call and its escalation outlive a restart of the file store and are
 * answered after it; a call asked through one replica on PostgreSQL is listed and
 * answered on the other; and an answer whose webhook is refused is kept, delivered after
 * a restart, and taken once.
 */
class DurableInboxTests {

	private static final String INBOX = ServiceClient.INBOX;

	@Test
	void aPendingCallAndItsEscalationOutliveARestartOfTheFileStoreAndAreAnsweredAfterIt(@TempDir Path directory) {
		String[] store = { "--agent.store.type=file", "--agent.store.path=" + directory };
		String thread;
		String callId;
		try (ConfigurableApplicationContext context = StoreApps.start(store)) {
			ServiceClient service = StoreApps.client(context);
			thread = service.launch("can you divide 3 by 4");
			callId = ServiceClient.pendingCallId(service.awaitStatus(thread, "awaiting_approval", 2));
			ServiceClient.Answer escalated = service.deliver(
					INBOX + "/agent/function_calls/" + callId + "/escalate_email",
					"{\"escalation_msg\":\"nobody answered\"}", Map.of());
			assertThat(escalated.status()).isEqualTo(HttpStatus.OK);
		}
		try (ConfigurableApplicationContext context = StoreApps.start(store)) {
			ServiceClient service = StoreApps.client(context);
			JsonNode pending = service.pending("function_calls");
			assertThat(pending.findValuesAsString("call_id")).containsExactly(callId);
			assertThat(pending.get(0).get("escalation_msg").asString()).isEqualTo("nobody answered");
			assertThat(pending.get(0).at("/spec/state/thread_id").asString()).isEqualTo(thread);

			JsonNode approved = service.approve(callId);

			assertThat(approved.at("/status/approved").asBoolean()).isTrue();
			assertThat(FlowTests.lines(service.awaitStatus(thread, "awaiting_human_response", 4)))
				.contains("tool_response: 0.75");
			assertThat(service.pending("function_calls").findValuesAsString("call_id")).doesNotContain(callId);
		}
	}

	@Test
	void aCallAskedThroughOneReplicaIsListedAndAnsweredOnTheOther() {
		TestPostgres postgres = TestPostgres.get();
		String[] store = { "--agent.store.type=postgres", "--agent.store.database.url=" + postgres.createDatabase(),
				"--agent.store.database.user=" + postgres.user() };
		try (ConfigurableApplicationContext a = StoreApps.start(store);
				ConfigurableApplicationContext b = StoreApps.start(store)) {
			ServiceClient onA = StoreApps.client(a);
			ServiceClient onB = StoreApps.client(b);
			String thread = onA.launch("can you multiply 3 and fe1iiaff10");
			String callId = ServiceClient.pendingCallId(onA.awaitStatus(thread, "awaiting_human_response", 2));

			assertThat(onB.pending("human_contacts").findValuesAsString("call_id")).containsExactly(callId);
			onB.reply(callId, "lets try 12 instead");

			assertThat(FlowTests.lines(onA.awaitStatus(thread, "awaiting_human_response", 6)))
				.contains("human_response: lets try 12 instead", "tool_response: 36");
			assertThat(onA.pending("human_contacts").findValuesAsString("call_id")).doesNotContain(callId);
		}
	}

	@Test
	void anAnswerWhoseWebhookIsRefusedIsDeliveredAfterARestartAndTakenOnce(@TempDir Path directory) {
		String[] store = { "--agent.store.type=file", "--agent.store.path=" + directory };
		List<Class<?>> sources = List.of(AgentServiceApplication.class, WebhookGate.class);
		String thread;
		String callId;
		WebhookGate.deliveries.clear();
		WebhookGate.refusing = true;
		try (ConfigurableApplicationContext context = StoreApps.start(sources, store)) {
			ServiceClient service = StoreApps.client(context);
			thread = service.launch("can you divide 3 by 4");
			callId = ServiceClient.pendingCallId(service.awaitStatus(thread, "awaiting_approval", 2));

			JsonNode kept = service.approve(callId);

			assertThat(kept.at("/status/approved").asBoolean()).isTrue();
			assertThat(kept.get("webhook_error").asString()).contains("503");
			service.deliver(INBOX + "/agent/function_calls/" + callId + "/respond", "{\"approved\":false}", Map.of())
				.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:call-answered");
			assertThat(service.pending("function_calls").findValuesAsString("call_id")).doesNotContain(callId);
			assertThat(service.thread(thread).get("status").asString()).isEqualTo("awaiting_approval");
		}
		assertThat(WebhookGate.deliveries).isNotEmpty().allMatch((delivery) -> delivery.endsWith(" refused"));
		WebhookGate.refusing = false;
		try (ConfigurableApplicationContext context = StoreApps.start(sources, store)) {
			ServiceClient service = StoreApps.client(context);

			assertThat(FlowTests.lines(service.awaitStatus(thread, "awaiting_human_response", 4))).containsExactly(
					"user_input: can you divide 3 by 4", "tool_call: divide 3 4", "tool_response: 0.75",
					"tool_call: done_for_now");
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> WebhookGate.deliveries.stream()
					.filter((delivery) -> !delivery.endsWith(" refused"))
					.count(), (taken) -> taken == 1);
			assertThat(WebhookGate.deliveries.stream().map((delivery) -> delivery.split(" ")[0]).distinct())
				.as("every attempt carries the answer's one webhook-id")
				.hasSize(1);
		}
	}

	/**
	 * Stands for a webhook receiver that is down: while {@link #refusing}, every delivery
	 * to {@code /webhook} gets {@code 503}; each delivery is noted with its
	 * {@code webhook-id}.
	 */
	@Configuration(proxyBeanMethods = false)
	static class WebhookGate {

		static volatile boolean refusing;

		static final List<String> deliveries = new CopyOnWriteArrayList<>();

		@Bean
		Filter webhookGate() {
			return new Filter() {

				@Override
				public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
						throws IOException, ServletException {
					HttpServletRequest http = (HttpServletRequest) request;
					if ("POST".equals(http.getMethod()) && "/webhook".equals(http.getRequestURI())) {
						deliveries.add(http.getHeader("webhook-id") + (refusing ? " refused" : ""));
						if (refusing) {
							((HttpServletResponse) response).setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
							return;
						}
					}
					chain.doFilter(request, response);
				}

			};
		}

	}

}
