package dev.twelvefactor.agentservice.flow;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model that hangs (WireMock) fails the thread at the step's deadline, however long its
 * client would wait and retry, and a retry runs the step again.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agent.llm.provider=openai", "agent.llm.fallback=", "agent.llm.openai.api-key=sk-test",
				"agent.llm.openai.response-format=json_object", "agent.llm.timeout=20s", "agent.llm.max-retries=3",
				"agent.loop.step-timeout=3s" })
@AutoConfigureRestTestClient
class ModelStepTests {

	private static final String COMPLETIONS = "/v1/chat/completions";

	@RegisterExtension
	static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@DynamicPropertySource
	static void scriptedModel(DynamicPropertyRegistry registry) {
		registry.add("agent.llm.openai.base-url", () -> model.baseUrl() + "/v1");
	}

	@Autowired
	private RestTestClient http;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		this.service = new ServiceClient(this.http);
	}

	@Test
	void aHungModelFailsTheThreadAtTheStepDeadlineAndRetryRunsTheStepAgain() {
		model.stubFor(post(COMPLETIONS).willReturn(ModelFaultTests.doneForNow().withFixedDelay(30_000)));
		String id = this.service.launch("can you multiply 3 and 4");

		JsonNode failed = this.service.awaitStatus(id, "failed", 1);
		assertThat(failed.get("failure").get("step").asString()).isEqualTo("model");
		assertThat(failed.get("failure").get("reason").asString())
			.isEqualTo("The model could not decide the next step: no next step within PT3S (AGENT_LLM_STEP_TIMEOUT)");

		model.stubFor(post(COMPLETIONS).willReturn(ModelFaultTests.doneForNow()));
		this.http.post().uri("/thread/{id}/retry", id).exchange().expectStatus().isAccepted();
		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 2);
		assertThat(FlowTests.lines(done)).containsExactly("user_input: can you multiply 3 and 4",
				"tool_call: done_for_now");
	}

}
