package dev.twelvefactor.agentservice.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Answers that race each other, or race the request they answer, against HumanLayer cloud
 * (WireMock): one answer to a call is applied, and none is lost.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "agent.webhook.verify-by-fetch=false")
@AutoConfigureRestTestClient
@Import(HumanLayerCloud.class)
class ConcurrencyTests {

	private static final String API = HumanLayerCloud.API;

	private static final int COPIES = 50;

	private static final WireMockServer humanLayer = HumanLayerCloud.server();

	@Autowired
	private RestTestClient http;

	@Autowired
	private MeterRegistry meters;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		HumanLayerCloud.reset();
		this.service = new ServiceClient(this.http);
		humanLayer.stubFor(post(API + "/function_calls").willReturn(okJson("{}")));
		humanLayer.stubFor(post(API + "/contact_requests").willReturn(okJson("{}")));
	}

	@Test
	void fiftyCopiesOfAnApprovalRacingARejectionApplyExactlyOneDecision() throws Exception {
		String id = this.service.launch("can you divide 3 by 4");
		String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, "awaiting_approval", 2));
		List<String> bodies = new ArrayList<>();
		for (int i = 0; i < COPIES; i++) {
			bodies.add(Webhooks.functionCallCompleted(id, callId, true, null));
		}
		bodies.add(Webhooks.functionCallCompleted(id, callId, false, "use 5 instead of 4"));

		List<String> outcomes = deliverTogether(bodies);

		assertThat(outcomes).hasSize(COPIES + 1)
			.containsOnly("applied", "duplicate")
			.filteredOn("applied"::equals)
			.hasSize(1);
		JsonNode resumed = this.service.awaitThread(id, (thread) -> thread.get("events").size() >= 4
				&& thread.has("waiting_for") && !callId.equals(ServiceClient.pendingCallId(thread)));
		assertThat(resumed.get("events").findValuesAsString("call_id")).containsOnlyOnce(callId);
	}

	@Test
	void anAnswerThatArrivesBeforeTheRequestReturnsIsAppliedAndTheThreadGoesOn() {
		humanLayer.stubFor(post(API + "/function_calls").willReturn(okJson("{}").withFixedDelay(1500)));
		Timer sent = this.meters.timer("agent.human.requests", "kind", "function_call", "outcome", "success");
		long sentBefore = sent.count();
		String id = this.service.launch("can you divide 3 by 4");
		String callId = ServiceClient
			.pendingCallId(this.service.awaitThread(id, (thread) -> thread.has("waiting_for")));

		ServiceClient.Answer answer = this.service.webhook(Webhooks.functionCallCompleted(id, callId, true, null));

		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.body().get("status").asString()).isEqualTo("applied");
		assertThat(sent.count()).as("the request is still in flight").isEqualTo(sentBefore);
		await().until(() -> sent.count() > sentBefore);
		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 4);
		assertThat(FlowTests.lines(done)).containsExactly("user_input: can you divide 3 by 4", "tool_call: divide 3 4",
				"tool_response: 0.75", "tool_call: done_for_now");
		assertThat(done.has("failure")).isFalse();
	}

	private List<String> deliverTogether(List<String> bodies) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
		try {
			List<Future<ServiceClient.Answer>> answers = new ArrayList<>();
			for (String body : bodies) {
				answers.add(pool.submit(() -> {
					start.await();
					return this.service.webhook(body);
				}));
			}
			start.countDown();
			List<String> outcomes = new ArrayList<>();
			for (Future<ServiceClient.Answer> answer : answers) {
				assertThat(answer.get().status()).isEqualTo(HttpStatus.OK);
				outcomes.add(answer.get().body().get("status").asString());
			}
			return outcomes;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
