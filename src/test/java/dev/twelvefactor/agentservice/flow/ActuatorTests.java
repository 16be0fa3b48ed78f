package dev.twelvefactor.agentservice.flow;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators scrape: health, and the agent's meters in Prometheus' format after a
 * flow has run.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class ActuatorTests {

	@Autowired
	private RestTestClient http;

	@Test
	void healthIsUp() {
		this.http.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void prometheusShowsThreadsByStatusAndWebhookOutcomesAfterAFlow() {
		ServiceClient service = new ServiceClient(this.http);
		String id = service.launch("can you divide 3 by 4");
		String callId = ServiceClient.pendingCallId(service.awaitStatus(id, "awaiting_approval", 2));
		service.approve(callId);
		service.awaitStatus(id, "awaiting_human_response", 4);
		service.webhook(Webhooks.functionCallCompleted(id, callId, true, null));

		String metrics = prometheus();

		assertThat(metrics).containsPattern("agent_threads\\{[^}]*status=\"awaiting_human_response\"[^}]*} [1-9]")
			.contains("agent_threads{", "status=\"running\"", "status=\"awaiting_approval\"", "status=\"failed\"")
			.containsPattern("agent_webhook_deliveries_total\\{[^}]*outcome=\"applied\"[^}]*} [1-9]")
			.containsPattern("agent_webhook_deliveries_total\\{[^}]*outcome=\"duplicate\"[^}]*} [1-9]")
			.containsPattern("agent_loop_steps_total\\{[^}]*intent=\"divide\"[^}]*} [1-9]")
			.contains("agent_model_calls_seconds_count{", "agent_human_requests_seconds_count{");
	}

	@Test
	void refusedWebhookDeliveriesAreCountedByTheirStatus() {
		ServiceClient service = new ServiceClient(this.http);
		String id = service.launch("can you divide 3 by 4");
		service.awaitStatus(id, "awaiting_approval", 2);
		service.webhook(Webhooks.functionCallCompleted(UUID.randomUUID().toString(), "call-1", true, null))
			.assertProblem(HttpStatus.NOT_FOUND, "urn:problem-type:thread-not-found");
		service.webhook(Webhooks.humanContactCompleted(id, "human_call-other", "3"))
			.assertProblem(HttpStatus.CONFLICT, "urn:problem-type:call-not-pending");

		assertThat(prometheus())
			.containsPattern("agent_webhook_deliveries_total\\{[^}]*outcome=\"refused_404\"[^}]*} [1-9]")
			.containsPattern("agent_webhook_deliveries_total\\{[^}]*outcome=\"refused_409\"[^}]*} [1-9]");
	}

	private String prometheus() {
		return this.http.get()
			.uri("/actuator/prometheus")
			.accept(MediaType.TEXT_PLAIN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void theThreadGaugeIsReadableAsAMetric() {
		JsonNode gauge = this.http.get()
			.uri("/actuator/metrics/agent.threads?tag=status:running")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(gauge.get("name").asString()).isEqualTo("agent.threads");
		assertThat(gauge.get("measurements").get(0).get("value").isNumber()).isTrue();
	}

}
