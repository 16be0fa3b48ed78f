package dev.twelvefactor.agentservice.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.twelvefactor.agentservice.flow.ServiceClient;
import dev.twelvefactor.agentservice.mcp.McpTestServer;
import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.twelvefactor.agentservice.llm.ModelFixtures.openAiReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tools beyond the calculator, end to end over HTTP: a scripted OpenAI-compatible model
 * calls a real MCP server's tools (over Streamable HTTP and over stdio) and an
 * application's tool bean, under an approval policy file, with the local inbox answering
 * as the human.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(ToolFlowTests.Refunds.class)
class ToolFlowTests {

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final String INBOX = "/local/humanlayer/v1";

	static final String POLICY = """
			# divide as the default policy has it
			divide:
			  when: always
			  reject_options:
			    - use another number
			    - not now
			web.echo: never
			local.flaky: never
			local.fail: never
			local.big: never
			local.classify: "intent_argument == 'refund'"
			refund: "amount > 100"
			web.*:
			  when: always
			  channel: ops@example.com
			""";

	@RegisterExtension
	static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final Path files = temporaryDirectory();

	private static final McpTestServer.Http web = McpTestServer.http();

	@DynamicPropertySource
	static void useTheScriptedModelTheMcpServersAndThePolicy(DynamicPropertyRegistry registry) {
		registry.add("agent.llm.provider", () -> "openai");
		registry.add("agent.llm.fallback", () -> "");
		registry.add("agent.llm.openai.base-url", () -> model.baseUrl() + "/v1");
		registry.add("agent.llm.openai.api-key", () -> "sk-test");
		registry.add("agent.llm.openai.response-format", () -> "json_schema");
		registry.add("agent.mcp.config", () -> write("mcp.json", mcpServers()).toString());
		registry.add("agent.mcp.call-timeout", () -> "3s");
		registry.add("agent.mcp.max-result-size", () -> "100B");
		registry.add("agent.approval.policy", () -> write("policy.yml", POLICY).toString());
	}

	@AfterAll
	static void stopTheHttpServer() throws Exception {
		web.close();
	}

	@Autowired
	private RestTestClient http;

	private ServiceClient service;

	@BeforeEach
	void useTheService() {
		this.service = new ServiceClient(this.http);
	}

	@Test
	void anMcpToolThatNeedsNoApprovalRunsAndItsResultReachesTheModel() {
		model.stubFor(reply("echo hello", """
				{"reasoning": "I echo.", "next_step": {"intent": "web.echo", "text": "hello"}}"""));
		model.stubFor(reply("echo hello", "<tool_response>\necho: hello\n</tool_response>",
				"""
						{"reasoning": "Done.", "next_step": {"intent": "done_for_now", "message": "The server said hello."}}"""));

		String id = this.service.launch("echo hello");
		JsonNode done = awaitThread(id, "awaiting_human_response", 4);

		assertThat(events(done)).containsExactly("user_input \"echo hello\"",
				"tool_call {\"intent\":\"web.echo\",\"text\":\"hello\"} "
						+ "{\"decision\":\"not_required\",\"rule\":\"web.echo\",\"when\":\"never\"}",
				"tool_response \"echo: hello\"",
				"tool_call {\"intent\":\"done_for_now\",\"message\":\"The server said hello.\"}");
	}

	@Test
	void aCallThatDoesNotFitTheToolsSchemaIsAnErrorTheModelCorrectsAndNothingRuns() {
		model.stubFor(reply("echo without text", """
				{"reasoning": "I echo.", "next_step": {"intent": "web.echo", "text": 42}}"""));
		model.stubFor(reply("echo without text", "<error>\nweb.echo needs a string in \"text\"", """
				{"reasoning": "Text it is.", "next_step": {"intent": "web.echo", "text": "42"}}"""));
		model.stubFor(reply("echo without text", "echo: 42", """
				{"reasoning": "Done.", "next_step": {"intent": "done_for_now", "message": "Echoed."}}"""));

		String id = this.service.launch("echo without text");
		JsonNode done = awaitThread(id, "awaiting_human_response", 5);

		assertThat(events(done)).containsExactly("user_input \"echo without text\"",
				"error \"web.echo needs a string in \\\"text\\\"\"",
				"tool_call {\"intent\":\"web.echo\",\"text\":\"42\"} "
						+ "{\"decision\":\"not_required\",\"rule\":\"web.echo\",\"when\":\"never\"}",
				"tool_response \"echo: 42\"", "tool_call {\"intent\":\"done_for_now\",\"message\":\"Echoed.\"}");
	}

	@Test
	void aConditionSendsALargeRefundForApprovalAndLetsASmallOneThrough() {
		model.stubFor(reply("refund twice", """
				{"reasoning": "A small one first.", "next_step": {"intent": "refund", "amount": 50}}"""));
		model.stubFor(reply("refund twice", "refunded 50", """
				{"reasoning": "Now the large one.", "next_step": {"intent": "refund", "amount": "250"}}"""));

		String id = this.service.launch("refund twice");
		JsonNode paused = awaitThread(id, "awaiting_approval", 4);

		assertThat(events(paused)).containsExactly("user_input \"refund twice\"",
				"tool_call {\"intent\":\"refund\",\"amount\":50} "
						+ "{\"decision\":\"not_required\",\"rule\":\"refund\",\"when\":\"amount > 100\"}",
				"tool_response \"refunded 50\"", "tool_call {\"intent\":\"refund\",\"amount\":250} "
						+ "{\"decision\":\"required\",\"rule\":\"refund\",\"when\":\"amount > 100\"}");
		JsonNode call = pendingCall(callId(paused));
		assertThat(call.get("spec").get("fn").asString()).isEqualTo("refund");
		assertThat(call.get("spec").get("kwargs").toString()).isEqualTo("{\"amount\":250}");
		assertThat(Refunds.made).containsExactly(new BigDecimal("50"));
	}

	@Test
	void aRejectionWithARejectOptionReachesTheModel() {
		model.stubFor(reply("divide 3 by 4 please", """
				{"reasoning": "Divide needs approval.", "next_step": {"intent": "divide", "a": 3, "b": 4}}"""));
		model.stubFor(reply("divide 3 by 4 please",
				"<tool_response>\nuser denied the operation with the option \"not now\"\n</tool_response>",
				"""
						{"reasoning": "Later.", "next_step": {"intent": "done_for_now", "message": "I will wait."}}"""));

		String id = this.service.launch("divide 3 by 4 please");
		JsonNode paused = awaitThread(id, "awaiting_approval", 2);
		JsonNode call = pendingCall(callId(paused));
		assertThat(call.get("spec").get("reject_options").toString())
			.isEqualTo("[{\"name\":\"use another number\",\"title\":\"use another number\"},"
					+ "{\"name\":\"not now\",\"title\":\"not now\"}]");

		respond(callId(paused), Map.of("approved", false, "reject_option_name", "not now"));
		JsonNode done = awaitThread(id, "awaiting_human_response", 4);

		assertThat(events(done)).containsSubsequence(
				"tool_response \"user denied the operation with the option \\\"not now\\\"\"",
				"tool_call {\"intent\":\"done_for_now\",\"message\":\"I will wait.\"}");
	}

	@Test
	void anMcpErrorAndAResultCutToTheConfiguredSizeGoOnTheThreadAsToolResponses() {
		model.stubFor(reply("check the servers", """
				{"reasoning": "Try the failing tool.", "next_step": {"intent": "local.fail"}}"""));
		model.stubFor(reply("check the servers", "<tool_response>\nerror: the fail tool always fails", """
				{"reasoning": "Now a large result.", "next_step": {"intent": "local.big", "size": 300}}"""));
		model.stubFor(reply("check the servers", "300 bytes, 100 kept", """
				{"reasoning": "Seen both.", "next_step": {"intent": "done_for_now", "message": "Checked."}}"""));

		String id = this.service.launch("check the servers");
		JsonNode done = awaitThread(id, "awaiting_human_response", 6);

		assertThat(events(done)).containsSubsequence("tool_response \"error: the fail tool always fails\"",
				"tool_response \"" + "x".repeat(100)
						+ "\\n[truncated: the result has 300 bytes, 100 kept (AGENT_MCP_MAX_RESULT_SIZE)]\"",
				"tool_call {\"intent\":\"done_for_now\",\"message\":\"Checked.\"}");
	}

	@Test
	void anMcpToolThatCannotBeReachedFailsTheThreadAtTheToolStepAndARetryCallsItAgain() {
		model.stubFor(reply("try the flaky tool", """
				{"reasoning": "Try it.", "next_step": {"intent": "local.flaky"}}"""));
		model.stubFor(reply("try the flaky tool", "<tool_response>\nflaky answered\n</tool_response>", """
				{"reasoning": "It answered.", "next_step": {"intent": "done_for_now", "message": "It answered."}}"""));

		String id = this.service.launch("try the flaky tool");
		JsonNode failed = awaitThread(id, "failed", 2);
		assertThat(failed.get("failure").get("step").asString()).isEqualTo("tool");
		assertThat(failed.get("failure").get("reason").asString()).startsWith("Tool local.flaky failed: ");

		this.http.post().uri("/thread/{id}/retry", id).exchange().expectStatus().isAccepted();
		JsonNode done = awaitThread(id, "awaiting_human_response", 4);

		assertThat(events(done)).containsExactly("user_input \"try the flaky tool\"",
				"tool_call {\"intent\":\"local.flaky\"} "
						+ "{\"decision\":\"not_required\",\"rule\":\"local.flaky\",\"when\":\"never\"}",
				"tool_response \"flaky answered\"",
				"tool_call {\"intent\":\"done_for_now\",\"message\":\"It answered.\"}");
		model.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS))
			.withRequestBody(matchingJsonPath("$.messages[1].content", containing("try the flaky tool"))));
	}

	@Test
	void anArgumentNamedIntentReachesTheToolUnderItsOwnNameAndIsRecordedAsIntentArgument() {
		model.stubFor(reply("file my greeting",
				"""
						{"reasoning": "File it.", "next_step": {"intent": "local.classify", "intent_argument": "greeting"}}"""));
		model.stubFor(reply("file my greeting", "<tool_response>\nfiled under greeting\n</tool_response>", """
				{"reasoning": "Filed.", "next_step": {"intent": "done_for_now", "message": "Filed."}}"""));

		String id = this.service.launch("file my greeting");
		JsonNode done = awaitThread(id, "awaiting_human_response", 4);

		assertThat(events(done)).containsExactly("user_input \"file my greeting\"",
				"tool_call {\"intent\":\"local.classify\",\"intent_argument\":\"greeting\"} "
						+ "{\"decision\":\"not_required\",\"rule\":\"local.classify\","
						+ "\"when\":\"intent_argument == 'refund'\"}",
				"tool_response \"filed under greeting\"",
				"tool_call {\"intent\":\"done_for_now\",\"message\":\"Filed.\"}");
		model.verify(postRequestedFor(urlEqualTo(COMPLETIONS))
			.withRequestBody(matchingJsonPath("$.messages[1].content", containing("file my greeting")))
			.withRequestBody(matchingJsonPath("$.messages[1].content",
					containing("{\n  \"intent\": \"local.classify\",\n  \"intent_argument\": string\n}"))));
	}

	@Test
	void theModelIsToldEveryToolAndWhenItNeedsApproval() {
		model.stubFor(reply("which tools", """
				{"reasoning": "Say so.", "next_step": {"intent": "done_for_now", "message": "Many."}}"""));

		awaitThread(this.service.launch("which tools"), "awaiting_human_response", 2);

		model.verify(postRequestedFor(urlEqualTo(COMPLETIONS))
			.withRequestBody(matchingJsonPath("$.messages[1].content", containing("which tools")))
			.withRequestBody(matchingJsonPath("$.messages[1].content",
					containing("// Give a refund. A human must approve it before it runs when amount > 100.\n{\n"
							+ "  \"intent\": \"refund\",\n  \"amount\": number // how much\n}")))
			.withRequestBody(matchingJsonPath("$.messages[1].content",
					containing("// Echoes the text it is given.\n{\n  \"intent\": \"web.echo\",\n"
							+ "  \"text\": string\n}")))
			.withRequestBody(matchingJsonPath("$.response_format.json_schema.strict", containing("true")))
			.withRequestBody(matchingJsonPath(
					"$.response_format.json_schema.schema.properties.next_step.anyOf[4]" + ".properties.intent.enum[0]",
					containing("refund"))));
	}

	@Test
	void getToolsListsEveryToolWithItsSchemaSourceAndApproval() {
		JsonNode tools = this.http.get()
			.uri("/tools")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(tools).isEqualTo(ModelFixtures.json.readTree(ModelFixtures.fixture("tools.json")));
	}

	private static MappingBuilder reply(String request, String content) {
		return post(COMPLETIONS).atPriority(2)
			.withRequestBody(matchingJsonPath("$.messages[1].content", containing("<user_input>\n" + request)))
			.willReturn(okJson(openAiReply(content)));
	}

	private static MappingBuilder reply(String request, String after, String content) {
		return post(COMPLETIONS).atPriority(1)
			.withRequestBody(matchingJsonPath("$.messages[1].content", containing("<user_input>\n" + request)))
			.withRequestBody(matchingJsonPath("$.messages[1].content", containing(after)))
			.willReturn(okJson(openAiReply(content)));
	}

	private JsonNode awaitThread(String id, String status, int events) {
		return this.service.awaitThread(id, ServiceClient.reached(status, events), Duration.ofSeconds(30));
	}

	/**
	 * The function call as the inbox holds it, once it is there: a thread records the
	 * call before it sends it.
	 */
	private JsonNode pendingCall(String callId) {
		JsonNode[] found = new JsonNode[1];
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
			for (JsonNode call : this.http.get()
				.uri(INBOX + "/agent/function_calls/pending")
				.exchange()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody()) {
				if (callId.equals(call.path("call_id").asString(null))) {
					found[0] = call;
				}
			}
			return found[0] != null;
		});
		return found[0];
	}

	private void respond(String callId, Map<String, Object> decision) {
		pendingCall(callId);
		this.http.post()
			.uri(INBOX + "/agent/function_calls/{id}/respond", callId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(decision)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static String callId(JsonNode thread) {
		return thread.get("waiting_for").get("call_id").asString();
	}

	/**
	 * Each event as its type, its data in JSON, and the approval decision if it has one.
	 */
	private static List<String> events(JsonNode thread) {
		List<String> events = new ArrayList<>();
		for (JsonNode event : thread.get("events")) {
			events.add(event.get("type").asString() + " " + event.get("data")
					+ (event.has("approval") ? " " + event.get("approval") : ""));
		}
		return events;
	}

	private static String mcpServers() {
		Map<String, Object> local = new LinkedHashMap<>();
		List<String> command = McpTestServer.stdioCommand();
		local.put("command", command.get(0));
		local.put("args", command.subList(1, command.size()));
		local.put("env", Map.of("FLAKY_MARKER", files.resolve("flaky-called").toString()));
		Map<String, Object> servers = new LinkedHashMap<>();
		servers.put("local", local);
		servers.put("web", Map.of("url", web.url()));
		return ModelFixtures.json.writeValueAsString(Map.of("mcpServers", servers));
	}

	private static Path write(String name, String content) {
		try {
			return Files.writeString(files.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path temporaryDirectory() {
		try {
			Path directory = Files.createTempDirectory("tool-flow");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An application's own tool, declared as a bean, as docs/tools.md shows.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Refunds {

		static final List<BigDecimal> made = new CopyOnWriteArrayList<>();

		@Bean
		Tool refund() {
			return new Tool() {

				@Override
				public String name() {
					return "refund";
				}

				@Override
				public String description() {
					return "Give a refund.";
				}

				@Override
				public Map<String, Object> argumentSchema() {
					return Map.of("type", "object", "properties",
							Map.of("amount", Map.of("type", "number", "description", "how much")), "required",
							List.of("amount"), "additionalProperties", false);
				}

				@Override
				public ToolResult call(Map<String, Object> arguments) {
					BigDecimal amount = (BigDecimal) arguments.get("amount");
					made.add(amount);
					return ToolResult.of("refunded " + amount.toPlainString());
				}

			};
		}

	}

}
