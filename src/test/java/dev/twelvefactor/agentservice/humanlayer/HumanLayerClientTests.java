package dev.twelvefactor.agentservice.humanlayer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.twelvefactor.agentservice.agent.ApprovalRequest;
import dev.twelvefactor.agentservice.approval.RejectOption;
import dev.twelvefactor.agentservice.http.HttpProperties;
import dev.twelvefactor.agentservice.http.RetryInterceptor;
import dev.twelvefactor.agentservice.security.ApiTokenProperties;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Channel;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.badRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HumanLayerClient} against a server speaking HumanLayer's wire format.
 */
class HumanLayerClientTests {

	private static final int MAX_RETRIES = 2;

	private static final UUID THREAD_ID = UUID.fromString("8c1f2d5e-0b7a-4c1e-9f3d-2a6b4c8d0e1f");

	private static final String CONTACT_REQUESTS = "/humanlayer/v1/contact_requests";

	private static final String FUNCTION_CALLS = "/humanlayer/v1/function_calls";

	@RegisterExtension
	static WireMockExtension humanLayer = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	/**
	 * Only the pool's size matters here: the client under test keeps its own timeouts.
	 */
	private static final HttpProperties HTTP = new HttpProperties(null, null, 4, null);

	private final OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(1))
		.readTimeout(Duration.ofSeconds(2))
		.addInterceptor(
				new RetryInterceptor(MAX_RETRIES, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)))
		.build();

	private final MockEnvironment environment = new MockEnvironment();

	/**
	 * Whatever a test made the client send, every body is one of HumanLayer's types.
	 */
	@AfterEach
	void everyRequestSentIsOneOfHumanLayersTypes() {
		assertThat(HumanLayerTypes.violationsOfRequests(humanLayer.findAll(postRequestedFor(urlMatching(".*")))))
			.isEmpty();
	}

	@Test
	void contactPostsAHumanContactWithTheKey() {
		humanLayer.stubFor(post(CONTACT_REQUESTS).willReturn(okJson(fixture("contact-request.json"))));
		cloudClient().contact(THREAD_ID, "human_call-5f2c9a1e", "Do you want the result rounded, or exact?", null);
		humanLayer.verify(postRequestedFor(urlEqualTo(CONTACT_REQUESTS))
			.withHeader("Authorization", equalTo("Bearer test-key"))
			.withHeader("Content-Type", containing("application/json"))
			.withRequestBody(matchingJsonPath("$.run_id", equalTo("12fa-agent")))
			.withRequestBody(matchingJsonPath("$.call_id", equalTo("human_call-5f2c9a1e")))
			.withRequestBody(matchingJsonPath("$.spec.msg", equalTo("Do you want the result rounded, or exact?")))
			.withRequestBody(matchingJsonPath("$.spec.channel.email.address", equalTo("ops@example.com")))
			.withRequestBody(matchingJsonPath("$.spec.state.thread_id", equalTo(THREAD_ID.toString()))));
	}

	@Test
	void contactSendsNoNullFields() {
		humanLayer.stubFor(post(CONTACT_REQUESTS).willReturn(okJson(fixture("contact-request.json"))));
		cloudClient().contact(THREAD_ID, "human_call-5f2c9a1e", "Exact or rounded?", null);
		humanLayer.verify(postRequestedFor(urlEqualTo(CONTACT_REQUESTS)).withRequestBody(equalToJson("""
				{"run_id":"12fa-agent","call_id":"human_call-5f2c9a1e",
				 "spec":{"msg":"Exact or rounded?","channel":{"email":{"address":"ops@example.com"}},
				         "state":{"thread_id":"%s"}}}""".formatted(THREAD_ID))));
	}

	@Test
	void requestApprovalPostsAFunctionCallWithNumericArguments() {
		humanLayer.stubFor(post(FUNCTION_CALLS).willReturn(okJson(fixture("function-call.json"))));
		cloudClient().requestApproval(THREAD_ID, "call-7d41b0c2",
				divide(Map.of("a", new BigDecimal("144"), "b", new BigDecimal("0.5"))));
		humanLayer
			.verify(postRequestedFor(urlEqualTo(FUNCTION_CALLS)).withHeader("Authorization", equalTo("Bearer test-key"))
				.withRequestBody(matchingJsonPath("$.run_id", equalTo("12fa-agent")))
				.withRequestBody(matchingJsonPath("$.call_id", equalTo("call-7d41b0c2")))
				.withRequestBody(matchingJsonPath("$.spec.fn", equalTo("divide")))
				.withRequestBody(matchingJsonPath("$.spec.kwargs", equalToJson("{\"a\": 144, \"b\": 0.5}")))
				.withRequestBody(matchingJsonPath("$.spec.channel.email.address", equalTo("ops@example.com")))
				.withRequestBody(matchingJsonPath("$.spec.state.thread_id", equalTo(THREAD_ID.toString()))));
	}

	@Test
	void aThreadsEmailChannelRepliesInItsEmailThread() {
		humanLayer.stubFor(post(CONTACT_REQUESTS).willReturn(okJson(fixture("contact-request.json"))));
		Channel channel = Channel
			.of(new Channel.Email("user@example.com", null, "Re: Numbers", "<m-1@example.com>", "<m-1@example.com>"));
		cloudClient().contact(THREAD_ID, "human_call-1", "Exact or rounded?", channel);
		humanLayer.verify(postRequestedFor(urlEqualTo(CONTACT_REQUESTS)).withRequestBody(equalToJson("""
				{"run_id":"12fa-agent","call_id":"human_call-1",
				 "spec":{"msg":"Exact or rounded?",
				         "channel":{"email":{"address":"user@example.com","experimental_subject_line":"Re: Numbers",
				                             "experimental_references_message_id":"<m-1@example.com>",
				                             "experimental_in_reply_to_message_id":"<m-1@example.com>"}},
				         "state":{"thread_id":"%s"}}}""".formatted(THREAD_ID))));
	}

	@Test
	void withADefaultSlackChannelAndAnApprovalEmailQuestionsGoToSlackAndApprovalsByEmail() {
		humanLayer.stubFor(post(CONTACT_REQUESTS).willReturn(okJson(fixture("contact-request.json"))));
		humanLayer.stubFor(post(FUNCTION_CALLS).willReturn(okJson(fixture("function-call.json"))));
		HumanLayerClient client = client(new HumanLayerProperties(humanLayer.baseUrl() + "/humanlayer/v1", "test-key",
				"12fa-agent", null, "C0123ABC", "the team's channel", "ops@example.com", null));

		client.contact(THREAD_ID, "human_call-1", "Exact or rounded?", null);
		client.requestApproval(THREAD_ID, "call-1", divide(Map.of("a", BigDecimal.ONE)));

		humanLayer.verify(postRequestedFor(urlEqualTo(CONTACT_REQUESTS)).withRequestBody(equalToJson("""
				{"run_id":"12fa-agent","call_id":"human_call-1",
				 "spec":{"msg":"Exact or rounded?",
				         "channel":{"slack":{"channel_or_user_id":"C0123ABC",
				                             "context_about_channel_or_user":"the team's channel"}},
				         "state":{"thread_id":"%s"}}}""".formatted(THREAD_ID))));
		humanLayer.verify(postRequestedFor(urlEqualTo(FUNCTION_CALLS)).withRequestBody(equalToJson("""
				{"run_id":"12fa-agent","call_id":"call-1",
				 "spec":{"fn":"divide","kwargs":{"a":1},"channel":{"email":{"address":"ops@example.com"}},
				         "state":{"thread_id":"%s"}}}""".formatted(THREAD_ID))));
	}

	@Test
	void anEscalationGoesOnTheThreadsChannel() {
		humanLayer.stubFor(post("/humanlayer/v1/agent/human_contacts/human_call-1/escalate_email")
			.willReturn(okJson(fixture("contact-request.json"))));
		cloudClient().escalate("human_call-1", CallKind.HUMAN_CONTACT, "No answer after PT1H; please respond.",
				Channel.of(new Channel.Slack("C0123ABC", null, "1717171717.000100")));
		humanLayer
			.verify(postRequestedFor(urlEqualTo("/humanlayer/v1/agent/human_contacts/human_call-1/escalate_email"))
				.withRequestBody(equalToJson("""
						{"escalation_msg":"No answer after PT1H; please respond.",
						 "channel":{"slack":{"channel_or_user_id":"C0123ABC","thread_ts":"1717171717.000100"}}}""")));
	}

	@Test
	void aV1Beta3ChannelIsSentByItsNumber() {
		humanLayer.stubFor(post(FUNCTION_CALLS).willReturn(okJson(fixture("function-call.json"))));
		cloudClient().requestApproval(THREAD_ID, "call-1",
				new ApprovalRequest("divide", Map.of("a", BigDecimal.ONE), List.of(), Channel.of(42)));
		humanLayer.verify(postRequestedFor(urlEqualTo(FUNCTION_CALLS)).withRequestBody(equalToJson("""
				{"run_id":"12fa-agent","call_id":"call-1",
				 "spec":{"fn":"divide","kwargs":{"a":1},"channel":{"channel_id":42},"state":{"thread_id":"%s"}}}"""
			.formatted(THREAD_ID))));

	}

	@Test
	void requestApprovalSendsTheRejectOptionsAndTheRulesEmailChannel() {
		humanLayer.stubFor(post(FUNCTION_CALLS).willReturn(okJson(fixture("function-call.json"))));
		cloudClient().requestApproval(THREAD_ID, "call-7d41b0c2",
				new ApprovalRequest("refund", Map.of("amount", new BigDecimal("250")),
						List.of(new RejectOption("not now", "not now", null, null, null),
								new RejectOption("wrong_amount", "Wrong amount", "The amount is wrong",
										"use this amount instead: ", true)),
						Channel.of(new Channel.Email("finance@example.com", null))));
		humanLayer.verify(postRequestedFor(urlEqualTo(FUNCTION_CALLS)).withRequestBody(equalToJson(
				"""
						{"run_id":"12fa-agent","call_id":"call-7d41b0c2",
						 "spec":{"fn":"refund","kwargs":{"amount":250},
						         "channel":{"email":{"address":"finance@example.com"}},
						         "reject_options":[{"name":"not now","title":"not now"},
						                           {"name":"wrong_amount","title":"Wrong amount","description":"The amount is wrong",
						                            "prompt_fill":"use this amount instead: ","interactive":true}],
						         "state":{"thread_id":"%s"}}}"""
					.formatted(THREAD_ID))));
	}

	@Test
	void withoutAKeyTheLocalInboxIsCalledWithoutAuthorization() {
		this.environment.setProperty("local.server.port", String.valueOf(humanLayer.getPort()));
		humanLayer
			.stubFor(post("/local/humanlayer/v1/function_calls").willReturn(okJson(fixture("function-call.json"))));
		HumanLayerClient client = client(
				new HumanLayerProperties(null, null, "12fa-agent", null, null, null, null, null));
		client.requestApproval(THREAD_ID, "call-7d41b0c2",
				divide(Map.of("a", new BigDecimal("3"), "b", new BigDecimal("4"))));
		humanLayer
			.verify(postRequestedFor(urlEqualTo("/local/humanlayer/v1/function_calls")).withoutHeader("Authorization")
				.withRequestBody(matchingJsonPath("$.spec.kwargs", equalToJson("{\"a\": 3, \"b\": 4}"))));
	}

	@Test
	void aConfiguredBaseWithATrailingSlashIsJoinedCleanly() {
		humanLayer.stubFor(post(CONTACT_REQUESTS).willReturn(okJson(fixture("contact-request.json"))));
		client(new HumanLayerProperties(humanLayer.baseUrl() + "/humanlayer/v1/", "test-key", "12fa-agent",
				"ops@example.com", null, null, null, null))
			.contact(THREAD_ID, "human_call-1", "Hello", null);
		humanLayer.verify(1, postRequestedFor(urlEqualTo(CONTACT_REQUESTS)));
	}

	@Test
	void aServiceUnavailableIsTriedAgain() {
		humanLayer.stubFor(post(CONTACT_REQUESTS).inScenario("flaky")
			.whenScenarioStateIs(STARTED)
			.willReturn(serviceUnavailable())
			.willSetStateTo("recovered"));
		humanLayer.stubFor(post(CONTACT_REQUESTS).inScenario("flaky")
			.whenScenarioStateIs("recovered")
			.willReturn(okJson(fixture("contact-request.json"))));
		cloudClient().contact(THREAD_ID, "human_call-5f2c9a1e", "Exact or rounded?", null);
		humanLayer.verify(2, postRequestedFor(urlEqualTo(CONTACT_REQUESTS)));
	}

	@Test
	void aFailureThatOutlastsTheRetriesNamesTheStatus() {
		humanLayer.stubFor(post(FUNCTION_CALLS).willReturn(serviceUnavailable().withBody("upstream down")));
		assertThatExceptionOfType(HumanLayerException.class)
			.isThrownBy(() -> cloudClient().requestApproval(THREAD_ID, "call-1",
					divide(Map.of("a", BigDecimal.ONE, "b", BigDecimal.TEN))))
			.withMessage("POST /function_calls answered 503: upstream down");
		humanLayer.verify(MAX_RETRIES + 1, postRequestedFor(urlEqualTo(FUNCTION_CALLS)));
	}

	@Test
	void aBadRequestIsNotTriedAgain() {
		humanLayer.stubFor(post(CONTACT_REQUESTS).willReturn(badRequest().withHeader("Content-Type", "application/json")
			.withBody(fixture("validation-error.json"))));
		assertThatExceptionOfType(HumanLayerException.class)
			.isThrownBy(() -> cloudClient().contact(THREAD_ID, "human_call-1", "Hello", null))
			.withMessageStartingWith("POST /contact_requests answered 400: ")
			.withMessageContaining("field required");
		humanLayer.verify(1, postRequestedFor(urlEqualTo(CONTACT_REQUESTS)));
	}

	@Test
	void aConnectionFailureBecomesAHumanLayerException() {
		humanLayer.stubFor(post(CONTACT_REQUESTS).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		assertThatExceptionOfType(HumanLayerException.class)
			.isThrownBy(() -> cloudClient().contact(THREAD_ID, "human_call-1", "Hello", null))
			.withMessageStartingWith("POST /contact_requests failed: ")
			.withCauseInstanceOf(IOException.class);
	}

	@Test
	void fetchFunctionCallReadsTheDecisionWithTheKey() {
		humanLayer
			.stubFor(get(FUNCTION_CALLS + "/call-7d41b0c2").willReturn(okJson(fixture("function-call-rejected.json"))));

		FunctionCall call = cloudClient().fetchFunctionCall("call-7d41b0c2");

		assertThat(call.callId()).isEqualTo("call-7d41b0c2");
		assertThat(call.status().approved()).isFalse();
		assertThat(call.status().comment()).isEqualTo("b should be 16, not 12");
		humanLayer.verify(getRequestedFor(urlEqualTo(FUNCTION_CALLS + "/call-7d41b0c2")).withHeader("Authorization",
				equalTo("Bearer test-key")));
	}

	@Test
	void fetchHumanContactReadsAContactThatIsStillPending() {
		humanLayer.stubFor(
				get(CONTACT_REQUESTS + "/human_call-5f2c9a1e").willReturn(okJson(fixture("contact-request.json"))));

		HumanContact contact = cloudClient().fetchHumanContact("human_call-5f2c9a1e");

		assertThat(contact.callId()).isEqualTo("human_call-5f2c9a1e");
		assertThat(contact.status().response()).isNull();
	}

	@Test
	void fetchEncodesTheCallIdAsOnePathSegment() {
		humanLayer.stubFor(get(urlEqualTo(FUNCTION_CALLS + "/..%2Fproject%3Fx=1"))
			.willReturn(okJson(fixture("function-call-rejected.json"))));

		cloudClient().fetchFunctionCall("../project?x=1");

		humanLayer.verify(getRequestedFor(urlEqualTo(FUNCTION_CALLS + "/..%2Fproject%3Fx=1")));
	}

	@Test
	void fetchingAnUnknownCallIsNotFound() {
		humanLayer.stubFor(get(FUNCTION_CALLS + "/call-x").willReturn(notFound()));

		assertThatExceptionOfType(HumanLayerException.class).isThrownBy(() -> cloudClient().fetchFunctionCall("call-x"))
			.withMessageStartingWith("GET /function_calls/call-x answered 404")
			.satisfies((ex) -> assertThat(ex.isNotFound()).isTrue());
	}

	@Test
	void withAnApiTokenTheLocalInboxIsCalledWithThatToken() {
		this.environment.setProperty("local.server.port", String.valueOf(humanLayer.getPort()));
		humanLayer
			.stubFor(post("/local/humanlayer/v1/contact_requests").willReturn(okJson(fixture("contact-request.json"))));
		HumanLayerClient client = new HumanLayerClient(this.http, HTTP, JsonMapper.builder().build(),
				new HumanLayerProperties(null, null, "12fa-agent", null, null, null, null, null),
				new ApiTokenProperties("api-token"), this.environment);

		client.contact(THREAD_ID, "human_call-1", "Hello", null);

		humanLayer.verify(postRequestedFor(urlEqualTo("/local/humanlayer/v1/contact_requests"))
			.withHeader("Authorization", equalTo("Bearer api-token")));
	}

	@Test
	void aCreateThatTimedOutAfterHumanLayerStoredItIsReadBackNotPostedAgain() {
		storesThenTimesOut(FUNCTION_CALLS, "call-7d41b0c2", ownCall());
		HumanLayerClient client = client(this.http.newBuilder().readTimeout(Duration.ofMillis(200)).build(),
				cloudProperties());

		client.requestApproval(THREAD_ID, "call-7d41b0c2", divide(Map.of("a", BigDecimal.ONE, "b", BigDecimal.TEN)));

		humanLayer.verify(1, postRequestedFor(urlEqualTo(FUNCTION_CALLS)));
		humanLayer.verify(1, getRequestedFor(urlEqualTo(FUNCTION_CALLS + "/call-7d41b0c2")).withHeader("Authorization",
				equalTo("Bearer test-key")));
	}

	@Test
	void aContactThatTimedOutAfterHumanLayerStoredItIsReadBackNotPostedAgain() {
		String contact = fixture("contact-request.json").replace("thr_8c1f2d", THREAD_ID.toString());
		storesThenTimesOut(CONTACT_REQUESTS, "human_call-5f2c9a1e", contact);
		HumanLayerClient client = client(this.http.newBuilder().readTimeout(Duration.ofMillis(200)).build(),
				cloudProperties());

		client.contact(THREAD_ID, "human_call-5f2c9a1e", "Do you want the result rounded, or exact?", null);

		humanLayer.verify(1, postRequestedFor(urlEqualTo(CONTACT_REQUESTS)));
		humanLayer.verify(1, getRequestedFor(urlEqualTo(CONTACT_REQUESTS + "/human_call-5f2c9a1e")));
	}

	@Test
	void receivedReadsTheCallBack() {
		humanLayer.stubFor(get(FUNCTION_CALLS + "/call-7d41b0c2").willReturn(okJson(ownCall())));
		humanLayer.stubFor(get(CONTACT_REQUESTS + "/human_call-5f2c9a1e").willReturn(notFound()));
		humanLayer.stubFor(get(FUNCTION_CALLS + "/call-of-another")
			.willReturn(okJson(fixture("function-call.json").replace("call-7d41b0c2", "call-of-another"))));

		assertThat(cloudClient().received(THREAD_ID, "call-7d41b0c2", CallKind.FUNCTION_CALL)).isTrue();
		assertThat(cloudClient().received(THREAD_ID, "human_call-5f2c9a1e", CallKind.HUMAN_CONTACT)).isFalse();
		assertThat(cloudClient().received(THREAD_ID, "call-of-another", CallKind.FUNCTION_CALL)).isFalse();
	}

	@Test
	void receivedPassesOnAFailureToReadTheCallBack() {
		humanLayer.stubFor(get(FUNCTION_CALLS + "/call-7d41b0c2").willReturn(serviceUnavailable()));
		assertThatExceptionOfType(HumanLayerException.class)
			.isThrownBy(() -> cloudClient().received(THREAD_ID, "call-7d41b0c2", CallKind.FUNCTION_CALL))
			.withMessageContaining("GET /function_calls/call-7d41b0c2 answered 503");
	}

	/**
	 * HumanLayer as it is when its answer to a create is lost: it stores the call, but
	 * answers only after the client gave up; until then it has no such call.
	 */
	private static void storesThenTimesOut(String collection, String callId, String stored) {
		humanLayer.stubFor(post(collection).inScenario("slow")
			.whenScenarioStateIs(STARTED)
			.willReturn(okJson(stored).withFixedDelay(1_000))
			.willSetStateTo("stored"));
		humanLayer.stubFor(post(collection).inScenario("slow")
			.whenScenarioStateIs("stored")
			.willReturn(aResponse().withStatus(409).withBody("{\"detail\":\"call already exists\"}")));
		humanLayer.stubFor(
				get(collection + "/" + callId).inScenario("slow").whenScenarioStateIs(STARTED).willReturn(notFound()));
		humanLayer.stubFor(get(collection + "/" + callId).inScenario("slow")
			.whenScenarioStateIs("stored")
			.willReturn(okJson(stored)));
	}

	@Test
	void aConflictOnCreateForAnotherThreadsCallIsAFailure() {
		humanLayer.stubFor(post(CONTACT_REQUESTS).willReturn(aResponse().withStatus(409).withBody("exists")));
		humanLayer.stubFor(get(CONTACT_REQUESTS + "/call-7d41b0c2")
			.willReturn(okJson(fixture("contact-request.json").replace("thr_8c1f2d", "another"))));
		assertThatExceptionOfType(HumanLayerException.class)
			.isThrownBy(() -> cloudClient().contact(THREAD_ID, "call-7d41b0c2", "Hello", null))
			.withMessage("POST /contact_requests answered 409: exists");
	}

	@Test
	void aConflictOnCreateForOurOwnCallCountsAsSent() {
		humanLayer.stubFor(post(FUNCTION_CALLS).willReturn(aResponse().withStatus(409)));
		humanLayer.stubFor(get(FUNCTION_CALLS + "/call-7d41b0c2").willReturn(okJson(ownCall())));
		cloudClient().requestApproval(THREAD_ID, "call-7d41b0c2",
				divide(Map.of("a", BigDecimal.ONE, "b", BigDecimal.TEN)));
		humanLayer.verify(1, postRequestedFor(urlEqualTo(FUNCTION_CALLS)));
	}

	@Test
	void anErrorBodyThatEchoesTheKeyDoesNotLeakIt() {
		humanLayer.stubFor(post(FUNCTION_CALLS).willReturn(aResponse().withStatus(401)
			.withTransformers("response-template")
			.withBody("invalid credentials: {{request.headers.Authorization}}")));
		assertThatExceptionOfType(HumanLayerException.class)
			.isThrownBy(() -> cloudClient().requestApproval(THREAD_ID, "call-1",
					divide(Map.of("a", BigDecimal.ONE, "b", BigDecimal.TEN))))
			.withMessage("POST /function_calls answered 401: invalid credentials: Bearer (key)")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("test-key"));
	}

	/**
	 * The function call of {@code fixture("function-call.json")}, as this thread created
	 * it.
	 */
	private static String ownCall() {
		return fixture("function-call.json").replace("thr_8c1f2d", THREAD_ID.toString());
	}

	private static ApprovalRequest divide(Map<String, Object> arguments) {
		return new ApprovalRequest("divide", arguments, List.of(), null);
	}

	private HumanLayerProperties cloudProperties() {
		return new HumanLayerProperties(humanLayer.baseUrl() + "/humanlayer/v1", "test-key", "12fa-agent",
				"ops@example.com", null, null, null, null);
	}

	private HumanLayerClient cloudClient() {
		return client(new HumanLayerProperties(humanLayer.baseUrl() + "/humanlayer/v1", "test-key", "12fa-agent",
				"ops@example.com", null, null, null, null));
	}

	private HumanLayerClient client(HumanLayerProperties properties) {
		return client(this.http, properties);
	}

	private HumanLayerClient client(OkHttpClient http, HumanLayerProperties properties) {
		return new HumanLayerClient(http, HTTP, JsonMapper.builder().build(), properties, new ApiTokenProperties(null),
				this.environment);
	}

	private static String fixture(String name) {
		try {
			return new ClassPathResource(name, HumanLayerClientTests.class).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
