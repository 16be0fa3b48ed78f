package dev.twelvefactor.agentservice.flow;

import java.util.Map;
import java.util.UUID;

import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one loop running and one queued, a further launch is refused with 503 and
 * {@code Retry-After} and stored nowhere, while the accepted ones all complete.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agent.loop.executor.max-concurrent=1", "agent.loop.executor.queue-capacity=1",
				"agent.loop.executor.retry-after=7s", "spring.lifecycle.timeout-per-shutdown-phase=1s" })
@AutoConfigureRestTestClient
@Import(SlowPlanner.Configuration.class)
class BackpressureTests {

	@Autowired
	private RestTestClient http;

	@Autowired
	private ThreadStore threads;

	@Autowired
	private SlowPlanner planner;

	@AfterEach
	void releaseLoops() {
		this.planner.release();
	}

	@Test
	void aLaunchBeyondTheRunningLoopAndTheQueueIsRefusedAndNotStored() {
		ServiceClient service = new ServiceClient(this.http);
		String running = service.launch("can you multiply 3 and 4");
		String queued = service.launch("can you add 1 and 2");
		int stored = this.threads.recent(Integer.MAX_VALUE).size();

		this.http.post()
			.uri("/thread")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("message", "can you subtract 1 from 5"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "7")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:problem-type:overloaded");

		assertThat(this.threads.recent(Integer.MAX_VALUE)).hasSize(stored)
			.extracting((thread) -> thread.events().get(0).data())
			.doesNotContain("can you subtract 1 from 5");
		assertThat(this.threads.find(UUID.fromString(running)).orElseThrow().status()).isEqualTo(ThreadStatus.RUNNING);
		this.planner.release();
		JsonNode first = service.awaitStatus(running, "awaiting_human_response", 4);
		JsonNode second = service.awaitStatus(queued, "awaiting_human_response", 4);
		assertThat(FlowTests.lines(first)).contains("tool_response: 12");
		assertThat(FlowTests.lines(second)).contains("tool_response: 3");
	}

}
