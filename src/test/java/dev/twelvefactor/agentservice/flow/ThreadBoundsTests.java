package dev.twelvefactor.agentservice.flow;

import java.util.Map;

import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds on what threads hold, over HTTP: a full store refuses launches rather than
 * drop a thread someone may still answer, and a thread past its size fails with the
 * reason rather than grow on. The store holds four threads: the full store comes last.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agent.thread.store.maximum-size=4", "agent.thread.max-events=6" })
@AutoConfigureRestTestClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreadBoundsTests {

	@Autowired
	private RestTestClient http;

	@Autowired
	private ThreadStore threads;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		this.service = new ServiceClient(this.http);
	}

	@Test
	@Order(2)
	void aFullStoreRefusesALaunchAndKeepsEveryPausedThread() {
		int room = 4 - this.threads.recent(10).size();
		String[] paused = new String[room];
		for (int i = 0; i < room; i++) {
			paused[i] = this.service.launch("can you divide 3 by " + (i + 4));
			this.service.awaitStatus(paused[i], "awaiting_approval", 2);
		}

		this.http.post()
			.uri("/thread")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("message", "can you divide 3 by 9"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:problem-type:overloaded");

		assertThat(this.threads.recent(10)).hasSize(4)
			.noneMatch((thread) -> "can you divide 3 by 9".equals(thread.events().get(0).data()));
		String first = paused[0];
		this.service.approve(ServiceClient.pendingCallId(this.service.thread(first)));
		JsonNode done = this.service.awaitStatus(first, "awaiting_human_response", 4);
		assertThat(FlowTests.lines(done)).contains("tool_response: 0.75");
	}

	@Test
	@Order(1)
	void aThreadPastItsMaximumEventsFailsWithTheReasonAndStopsGrowing() {
		String id = this.service.launch("can you add 1 and 2, then add 3, then add 4, then add 5");

		JsonNode failed = this.service.awaitStatus(id, "failed", 1);

		assertThat(failed.get("failure").get("step").asString()).isEqualTo("loop_limit");
		assertThat(failed.get("failure").get("reason").asString())
			.isEqualTo("The thread holds 7 events, more than its maximum of 6.");
		assertThat(failed.get("events")).hasSize(7);
	}

}
