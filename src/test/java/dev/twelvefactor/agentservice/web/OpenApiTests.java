package dev.twelvefactor.agentservice.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description at {@code /v3/api-docs} covers every endpoint the app maps, and
 * every problem type the code can answer is catalogued in it, in docs/api.md and in
 * docs/errors.md.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class OpenApiTests {

	private static final Pattern PROBLEM_TYPE = Pattern.compile("urn:problem-type:([a-z][a-z-]*)");

	/**
	 * The local inbox builds its types from a name: {@code InboxProblem(status, "name"}.
	 */
	private static final Pattern INBOX_PROBLEM = Pattern.compile("HttpStatus\\.[A-Z_]+, \"([a-z][a-z-]*)\"");

	@Autowired
	private RestTestClient http;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void everyEndpointOfTheAppIsInTheSpec() {
		JsonNode paths = spec().get("paths");
		Set<String> missing = new TreeSet<>();
		int endpoints = 0;
		for (var entry : this.mappings.getHandlerMethods().entrySet()) {
			if (!isOurs(entry.getValue())) {
				continue;
			}
			RequestMappingInfo info = entry.getKey();
			for (String path : info.getPatternValues()) {
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					endpoints++;
					JsonNode item = paths.path(path);
					if (!item.has(method.name().toLowerCase(Locale.ROOT))) {
						missing.add(method + " " + path);
					}
				}
			}
		}
		assertThat(endpoints).as("endpoints found").isGreaterThan(10);
		assertThat(missing).as("endpoints missing from /v3/api-docs").isEmpty();
	}

	@Test
	void everyOperationHasASummaryAndDescribesItsProblems() {
		spec().get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			String name = operation.getKey() + " " + path.getKey();
			assertThat(operation.getValue().path("summary").asString()).as(name + " summary").isNotBlank();
			assertThat(operation.getValue().get("responses").has("500")).as(name + " 500").isTrue();
		}));
	}

	@Test
	void theWebhookBodyIsDescribedAsHumanLayerDeliveries() {
		JsonNode spec = spec();
		JsonNode body = spec.at("/paths/~1webhook/post/requestBody/content/application~1json/schema/oneOf");
		assertThat(body.findValuesAsString("$ref")).containsExactly("#/components/schemas/FunctionCallCompleted",
				"#/components/schemas/HumanContactCompleted", "#/components/schemas/ConversationCreatedEvent",
				"#/components/schemas/AgentEmailReceived", "#/components/schemas/AgentSlackReceived",
				"#/components/schemas/FunctionCall", "#/components/schemas/HumanContact");
		assertThat(spec.at("/paths/~1api~1v1~1conversations/post/requestBody/content/application~1json/schema/oneOf"))
			.isEqualTo(body);
		assertThat(spec.at("/components/schemas/EmailPayload/properties").has("message_id")).isTrue();
		assertThat(spec.at("/components/schemas/SlackThread/properties").has("thread_ts")).isTrue();
		assertThat(spec.at("/components/schemas/ConversationCreated/properties").has("contact_channel_id")).isTrue();
		assertThat(spec.at("/components/schemas/ContactChannel/properties").has("channel_id")).isTrue();
		assertThat(spec.at("/components/schemas/Launch/properties/channel/$ref").asString())
			.isEqualTo("#/components/schemas/Channel");
		JsonNode event = spec.at("/components/schemas/FunctionCallCompleted/properties");
		assertThat(event.has("is_test")).isTrue();
		assertThat(spec.at("/components/schemas/FunctionCall/properties").has("call_id")).isTrue();
		assertThat(spec.at("/components/schemas/FunctionCallStatus/properties").has("approved")).isTrue();
		assertThat(spec.at("/components/schemas/ThreadView/properties").has("waiting_for")).isTrue();
	}

	@Test
	void everyProblemTypeInTheCodeIsCataloguedInTheSpecAndInTheDocs() throws IOException {
		Set<String> types = problemTypesInTheCode();
		assertThat(types).contains("thread-not-found", "call-not-found");
		JsonNode responses = spec().at("/components/responses");
		String apiDocs = Files.readString(Path.of("docs/api.md"));
		String errorDocs = Files.readString(Path.of("docs/errors.md"));
		for (String type : types) {
			assertThat(responses.has(type)).as("components.responses." + type).isTrue();
			assertThat(responses.get(type).get("description").asString()).startsWith("urn:problem-type:" + type);
			assertThat(apiDocs).as("docs/api.md").contains("urn:problem-type:" + type);
			assertThat(errorDocs).as("docs/errors.md").contains("`urn:problem-type:" + type + "`");
		}
	}

	@Test
	void swaggerUiIsServed() {
		this.http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
	}

	private JsonNode spec() {
		return this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static boolean isOurs(HandlerMethod handler) {
		return handler.getBeanType().getPackageName().startsWith("dev.twelvefactor.agentservice");
	}

	private static Set<String> problemTypesInTheCode() throws IOException {
		Set<String> types = new TreeSet<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				collect(PROBLEM_TYPE.matcher(source), types);
				if (source.contains("\"urn:problem-type:\" +")) {
					collect(INBOX_PROBLEM.matcher(source), types);
				}
			}
		}
		return types;
	}

	private static void collect(Matcher matcher, Set<String> types) {
		while (matcher.find()) {
			types.add(matcher.group(1));
		}
	}

}
