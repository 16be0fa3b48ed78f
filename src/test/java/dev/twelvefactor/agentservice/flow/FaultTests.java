package dev.twelvefactor.agentservice.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * HumanLayer cloud (WireMock) failing the request a thread pauses on, in each way it can:
 * the thread fails at the {@code human_request} step with the reason, and a retry once
 * HumanLayer is back sends the same call again, which an answer then resumes.
 */
@HumanLayerCloudTest
class FaultTests {

	private static final String API = HumanLayerCloud.API;

	private static final JsonMapper json = new JsonMapper();

	private static final WireMockServer humanLayer = HumanLayerCloud.server();

	@Autowired
	private RestTestClient http;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		HumanLayerCloud.reset();
		this.service = new ServiceClient(this.http);
		for (Request request : Request.values()) {
			humanLayer.stubFor(post(API + request.path).willReturn(okJson("{}")));
		}
	}

	static Stream<Arguments> faults() {
		return Stream.of(Request.values())
			.flatMap((request) -> Stream.of(HumanLayerFault.values()).map((fault) -> Arguments.of(request, fault)));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("faults")
	void aFaultFailsTheThreadAndRetrySendsTheSameCallWhichAnAnswerResumes(Request request, HumanLayerFault fault) {
		humanLayer.stubFor(post(API + request.path).willReturn(fault.response()));
		String id = this.service.launch(request.message);

		JsonNode failed = this.service.awaitStatus(id, "failed", 2);
		assertThat(failed.get("failure").get("step").asString()).isEqualTo("human_request");
		assertThat(failed.get("failure").get("reason").asString()).contains(request.path)
			.containsIgnoringCase(fault.reason);
		String callId = sentCallId(request, id);
		int sentBefore = sent(request, callId);

		humanLayer.stubFor(post(API + request.path).willReturn(okJson("{}")));
		this.http.post().uri("/thread/{id}/retry", id).exchange().expectStatus().isAccepted();

		JsonNode paused = this.service.awaitThread(id, (thread) -> thread.has("waiting_for"));
		assertThat(paused.get("status").asString()).isEqualTo(request.pausedStatus);
		assertThat(ServiceClient.pendingCallId(paused)).isEqualTo(callId);
		assertThat(paused.has("failure")).isFalse();
		this.service.awaitThread(id, (thread) -> sent(request, callId) == sentBefore + 1);

		humanLayer.stubFor(get(API + request.path + "/" + callId).willReturn(okJson(request.answered(id, callId))));
		ServiceClient.Answer answer = this.service.webhook(request.completed(id, callId));
		assertThat(answer.body().get("status").asString()).isEqualTo("applied");
		JsonNode resumed = this.service.awaitThread(id,
				(thread) -> thread.has("waiting_for") && !callId.equals(ServiceClient.pendingCallId(thread)));
		assertThat(resumed.get("events").size()).isGreaterThan(paused.get("events").size());
	}

	@ParameterizedTest
	@EnumSource(Request.class)
	void aRequestHumanLayerStoredButAnsweredTooLateIsReadBackNotPostedAgain(Request request) {
		storesThenTimesOut(request);
		humanLayer.stubFor(get(urlPathMatching(API + request.path + "/[^/]+")).inScenario("slow")
			.whenScenarioStateIs("stored")
			// The stub cannot tell the thread; the service reads its own create back by
			// id.
			.willReturn(okJson(request.unanswered("{{request.pathSegments.[3]}}", "unknown"))
				.withTransformers("response-template")));
		String id = this.service.launch(request.message);

		JsonNode paused = this.service.awaitStatus(id, request.pausedStatus, 2);

		String callId = ServiceClient.pendingCallId(paused);
		assertThat(sent(request, callId)).isOne();
		humanLayer.verify(1, getRequestedFor(urlEqualTo(API + request.path + "/" + callId)));
	}

	@ParameterizedTest
	@EnumSource(Request.class)
	void aRetryReadsBackARequestHumanLayerStoredAndDoesNotPostItAgain(Request request) {
		storesThenTimesOut(request);
		humanLayer.stubFor(get(urlPathMatching(API + request.path + "/[^/]+"))
			.willReturn(aResponse().withStatus(503).withBody("{\"detail\":\"Service Unavailable\"}")));
		String id = this.service.launch(request.message);
		JsonNode failed = this.service.awaitStatus(id, "failed", 2);
		String callId = sentCallId(request, id);
		assertThat(failed.get("failure").get("reason").asString())
			.contains(request.path + ", read back with GET " + API + request.path + "/" + callId + " answered 503");

		humanLayer.stubFor(get(API + request.path + "/" + callId).willReturn(okJson(request.unanswered(id, callId))));
		this.http.post().uri("/thread/{id}/retry", id).exchange().expectStatus().isAccepted();

		JsonNode paused = this.service.awaitStatus(id, request.pausedStatus, 2);
		assertThat(ServiceClient.pendingCallId(paused)).isEqualTo(callId);
		assertThat(sent(request, callId)).isOne();
	}

	/**
	 * HumanLayer storing each request it is sent, but answering only after the service
	 * gave up waiting; until the first arrives it has none.
	 */
	private static void storesThenTimesOut(Request request) {
		humanLayer.stubFor(post(API + request.path).inScenario("slow")
			.whenScenarioStateIs(STARTED)
			.willReturn(okJson("{}").withFixedDelay(1500))
			.willSetStateTo("stored"));
		humanLayer.stubFor(post(API + request.path).inScenario("slow")
			.whenScenarioStateIs("stored")
			.willReturn(aResponse().withStatus(409).withBody("{\"detail\":\"call already exists\"}")));
		humanLayer.stubFor(get(urlPathMatching(API + request.path + "/[^/]+")).inScenario("slow")
			.whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(404).withBody("{\"detail\":\"Not Found\"}")));
	}

	@ParameterizedTest
	@EnumSource(Request.class)
	void waitingForShowsWhenTheRequestHasReachedHumanLayer(Request request) {
		// slower than the read timeout, until the stub is replaced: each try is read
		// back, not found, and sent again
		humanLayer.stubFor(post(API + request.path).willReturn(okJson("{}").withFixedDelay(3000)));
		String id = this.service.launch(request.message);

		JsonNode paused = this.service.awaitThread(id, (thread) -> thread.has("waiting_for"));
		assertThat(paused.get("status").asString()).isEqualTo(request.pausedStatus);
		assertThat(paused.get("waiting_for").propertyNames()).containsExactly("call_id", "kind", "since");

		humanLayer.stubFor(post(API + request.path).willReturn(okJson("{}")));
		JsonNode sent = this.service.awaitThread(id, (thread) -> thread.path("waiting_for").has("sent_at"));
		String callId = ServiceClient.pendingCallId(sent);
		assertThat(callId).isEqualTo(ServiceClient.pendingCallId(paused));
		assertThat(Instant.parse(sent.get("waiting_for").get("sent_at").asString()))
			.isAfterOrEqualTo(Instant.parse(sent.get("waiting_for").get("since").asString()));
	}

	@ParameterizedTest
	@EnumSource(Request.class)
	void aTooManyRequestsWithRetryAfterIsWaitedOutAndTheThreadPauses(Request request) {
		humanLayer.stubFor(post(API + request.path).inScenario("busy")
			.whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
			.willSetStateTo("free"));
		humanLayer
			.stubFor(post(API + request.path).inScenario("busy").whenScenarioStateIs("free").willReturn(okJson("{}")));
		String id = this.service.launch(request.message);

		String callId = ServiceClient.pendingCallId(this.service.awaitStatus(id, request.pausedStatus, 2));

		this.service.awaitThread(id, (thread) -> sent(request, callId) == 2);
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.service.thread(id).get("status").asString(), is(request.pausedStatus));
		assertThat(ServiceClient.pendingCallId(this.service.thread(id))).isEqualTo(callId);
	}

	private static String sentCallId(Request request, String threadId) {
		List<String> callIds = humanLayer
			.findAll(sentTo(request).withRequestBody(matchingJsonPath("$.spec.state.thread_id", equalTo(threadId))))
			.stream()
			.map((sent) -> json.readTree(sent.getBodyAsString()).get("call_id").asString())
			.distinct()
			.toList();
		assertThat(callIds).hasSize(1);
		return callIds.get(0);
	}

	private static int sent(Request request, String callId) {
		return humanLayer.findAll(sentTo(request).withRequestBody(matchingJsonPath("$.call_id", equalTo(callId))))
			.size();
	}

	private static RequestPatternBuilder sentTo(Request request) {
		return postRequestedFor(urlEqualTo(API + request.path));
	}

	/**
	 * The two requests a thread pauses on.
	 */
	enum Request {

		FUNCTION_CALL("/function_calls", "can you divide 3 by 4", "awaiting_approval") {
			@Override
			String answered(String threadId, String callId) {
				return Webhooks.functionCall(threadId, callId, true, null);
			}

			@Override
			String unanswered(String threadId, String callId) {
				return Webhooks.unansweredFunctionCall(threadId, callId);
			}

			@Override
			String completed(String threadId, String callId) {
				return Webhooks.functionCallCompleted(threadId, callId, true, null);
			}
		},

		HUMAN_CONTACT("/contact_requests", "can you multiply 3 and fe1iiaff10", "awaiting_human_response") {
			@Override
			String answered(String threadId, String callId) {
				return Webhooks.humanContact(threadId, callId, "use 4");
			}

			@Override
			String unanswered(String threadId, String callId) {
				return Webhooks.unansweredHumanContact(threadId, callId);
			}

			@Override
			String completed(String threadId, String callId) {
				return Webhooks.humanContactCompleted(threadId, callId, "use 4");
			}
		};

		private final String path;

		private final String message;

		private final String pausedStatus;

		Request(String path, String message, String pausedStatus) {
			this.path = path;
			this.message = message;
			this.pausedStatus = pausedStatus;
		}

		/**
		 * The call as HumanLayer's GET answers it once answered.
		 */
		abstract String answered(String threadId, String callId);

		/**
		 * The call as HumanLayer's GET answers it before anyone answered.
		 */
		abstract String unanswered(String threadId, String callId);

		/**
		 * The webhook HumanLayer delivers for the answer.
		 */
		abstract String completed(String threadId, String callId);

	}

	/**
	 * How HumanLayer fails, and what the thread's failure reason says.
	 */
	enum HumanLayerFault {

		SERVER_ERROR("answered 500") {
			@Override
			ResponseDefinitionBuilder response() {
				return aResponse().withStatus(500).withBody("{\"detail\":\"Internal Server Error\"}");
			}
		},

		HTML_ERROR_PAGE("answered 502: <html>") {
			@Override
			ResponseDefinitionBuilder response() {
				return aResponse().withStatus(502)
					.withHeader("Content-Type", "text/html")
					.withBody("<html><body><h1>502 Bad Gateway</h1></body></html>");
			}
		},

		CONNECTION_RESET("failed: java.net.SocketException") {
			@Override
			ResponseDefinitionBuilder response() {
				return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
			}
		},

		HANGING_PAST_THE_TIMEOUT("java.net.SocketTimeoutException") {
			@Override
			ResponseDefinitionBuilder response() {
				return okJson("{}").withFixedDelay(1500);
			}
		};

		private final String reason;

		HumanLayerFault(String reason) {
			this.reason = reason;
		}

		abstract ResponseDefinitionBuilder response();

	}

}
