package dev.twelvefactor.agentservice.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An approval whose policy rule names a channel, with HumanLayer cloud: the function call
 * goes on the rule's channel rather than the thread's, and so does its escalation when
 * nobody answers in time (the exact bodies HumanLayer receives are checked).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agent.loop.deadlines.approval-escalate-after=300ms",
				"agent.loop.deadlines.check-interval=50ms" })
@AutoConfigureRestTestClient
class ApprovalChannelTests {

	private static final String API = "/humanlayer/v1";

	private static final String POLICY = """
			divide:
			  when: always
			  reject_options:
			    - not now
			  channel: C0123ABCDEF
			""";

	@RegisterExtension
	static WireMockExtension humanLayer = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	@DynamicPropertySource
	static void useHumanLayerCloudAndAPolicyWithAChannel(DynamicPropertyRegistry registry) {
		registry.add("agent.humanlayer.api-base", () -> humanLayer.baseUrl() + API);
		registry.add("agent.humanlayer.api-key", () -> "test-key");
		registry.add("agent.humanlayer.email", () -> "ops@example.com");
		registry.add("agent.approval.policy", ApprovalChannelTests::policyFile);
	}

	@Autowired
	private RestTestClient http;

	@Autowired
	private JsonMapper json;

	@BeforeEach
	void acceptEveryRequest() {
		humanLayer.stubFor(post(API + "/function_calls").willReturn(okJson("{}")));
		humanLayer.stubFor(post(urlMatching(API + "/agent/function_calls/.*/escalate_email")).willReturn(okJson("{}")));
	}

	@AfterEach
	void everyRequestSentIsOneOfHumanLayersTypes() {
		assertThat(HumanLayerTypes.violationsOfRequests(humanLayer.findAll(postRequestedFor(urlMatching(API + "/.*")))))
			.isEmpty();
	}

	@Test
	void anApprovalAndItsEscalationGoOnTheRulesChannelNotTheThreadsOwn() {
		ServiceClient service = new ServiceClient(this.http);
		String id = service.launch(Map.of("message", "can you divide 3 by 4", "channel",
				Map.of("email", Map.of("address", "user@example.com"))));

		JsonNode paused = service.awaitStatus(id, "awaiting_approval", 2);
		String callId = ServiceClient.pendingCallId(paused);
		assertThat(sent(API + "/function_calls")).isEqualTo(this.json.readTree("""
				{"run_id":"12fa-agent","call_id":"%s",
				 "spec":{"fn":"divide","kwargs":{"a":3,"b":4},
				         "channel":{"slack":{"channel_or_user_id":"C0123ABCDEF"}},
				         "reject_options":[{"name":"not now","title":"not now"}],
				         "state":{"thread_id":"%s"}}}""".formatted(callId, id)));

		service.awaitThread(id, (thread) -> "sent".equals(thread.path("waiting_for").path("escalation").asString()));
		assertThat(sent(API + "/agent/function_calls/" + callId + "/escalate_email")).isEqualTo(this.json.readTree("""
				{"escalation_msg":"No answer after PT0.3S; please respond.",
				 "channel":{"slack":{"channel_or_user_id":"C0123ABCDEF"}}}"""));
	}

	/**
	 * The one body HumanLayer received at a path: the same on every try.
	 */
	private JsonNode sent(String path) {
		List<String> bodies = humanLayer.findAll(postRequestedFor(urlEqualTo(path)))
			.stream()
			.map(LoggedRequest::getBodyAsString)
			.distinct()
			.toList();
		assertThat(bodies).as("POST " + path).hasSize(1);
		return this.json.readTree(bodies.get(0));
	}

	private static String policyFile() {
		try {
			Path file = Files.createTempFile("approval-channel", ".yml");
			file.toFile().deleteOnExit();
			return Files.writeString(file, POLICY).toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
