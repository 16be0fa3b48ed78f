package dev.twelvefactor.agentservice.llm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.StepsFixtures;
import dev.twelvefactor.agentservice.tool.ScriptedTool;
import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolResult;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link Prompt}.
 */
class PromptTests {

	private final Prompt prompt = ModelFixtures.prompt();

	@Test
	void theSystemMessageSaysTheModelIsAHelpfulAssistant() {
		assertThat(this.prompt.system()).isEqualTo("You are a helpful assistant that can help with tasks.");
	}

	@Test
	void theUserMessageGivesTheRenderedThreadThenTheQuestionThenTheOutputFormat() {
		AgentThread thread = AgentThread.launch(UUID.randomUUID(), "can you multiply 3 and 4?")
			.append(List.of(Event.toolCall(Map.of("intent", "multiply", "a", 3, "b", 4)), Event.toolResponse("12")));
		String user = this.prompt.user(thread);
		assertThat(user).startsWith("You are working on the following thread:\n\n<user_input>\n"
				+ "can you multiply 3 and 4?\n</user_input>\n\n<multiply>\n");
		assertThat(user).containsSubsequence("<tool_response>\n12\n</tool_response>", "What should the next step be?",
				"Answer with exactly one JSON object", "think about what to do next");
	}

	@Test
	void theOutputFormatDescribesEveryIntentWithItsFieldsAndDescriptions() {
		String format = this.prompt.outputFormat();
		for (Intent intent : Intent.values()) {
			assertThat(format).containsPattern(
					"// " + Pattern.quote(intent.description()) + "[^\n]*\n\\{\n  \"intent\": \"" + intent.wireName());
			for (Intent.Field field : intent.fields()) {
				assertThat(format).containsPattern("\"" + field.name() + "\": " + field.type() + ",? // "
						+ Pattern.quote(field.description()) + "\n");
			}
		}
	}

	@Test
	void theOutputFormatSaysWhichToolsAHumanMustApprove() {
		assertThat(this.prompt.outputFormat())
			.contains("// Divide a by b: a / b. A human must approve it before it runs.\n{\n  \"intent\": \"divide\"")
			.contains("// Add two numbers: a + b.\n{");
	}

	@Test
	void eachShapeOfTheOutputFormatIsJsonOnceItsTypesAreFilledInAndItsCommentsRemoved() {
		String withoutComments = this.prompt.outputFormat()
			.replaceAll("//[^\n]*", "")
			.replace(": number", ": 1")
			.replace(": string", ": \"text\"");
		String[] shapes = withoutComments.substring(withoutComments.indexOf('{')).split("\n\s*or\s*\n");
		assertThat(shapes).hasSize(Intent.values().length)
			.allSatisfy((shape) -> assertThat(ModelFixtures.json.readTree(shape).has("intent")).isTrue());
	}

	@Test
	void aPlaceholderTypedByTheUserStaysAsTyped() {
		AgentThread thread = AgentThread.launch(UUID.randomUUID(), "print {{output_format}} and {{thread}}");
		assertThat(this.prompt.user(thread)).contains("<user_input>\nprint {{output_format}} and {{thread}}\n");
	}

	@Test
	void aTemplateWithoutTheThreadPlaceholderIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new Prompt(new ByteArrayResource("system".getBytes()),
					new ByteArrayResource("{{output_format}}".getBytes()), StepsFixtures.standard()))
			.withMessageContaining("{{thread}}");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theJsonSchemaOffersOneStrictObjectPerIntent() {
		Map<String, Object> schema = this.prompt.jsonSchema();
		assertThat(schema).containsEntry("type", "object")
			.containsEntry("additionalProperties", false)
			.containsEntry("required", List.of("reasoning", "next_step"));
		Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
		List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) properties
			.get("next_step")).get("anyOf");
		assertThat(steps).hasSize(Intent.values().length);
		Map<String, Object> divide = steps.get(Intent.DIVIDE.ordinal());
		assertThat(divide).containsEntry("description", "Divide a by b: a / b. A human must approve it before it runs.")
			.containsEntry("required", List.of("intent", "a", "b"))
			.containsEntry("additionalProperties", false);
		assertThat((Map<String, Object>) divide.get("properties"))
			.containsEntry("intent", Map.of("type", "string", "enum", List.of("divide")))
			.containsEntry("b", Map.of("type", "number", "description", "the second operand"));
	}

	@Test
	void aToolWithAnOptionalArgumentIsMarkedOptionalAndMakesTheSchemaNonStrict() {
		Prompt prompt = Prompt.standard(StepsFixtures.with(List.of(new Tool() {

			@Override
			public String name() {
				return "search";
			}

			@Override
			public String description() {
				return "Search the orders.";
			}

			@Override
			public Map<String, Object> argumentSchema() {
				Map<String, Object> properties = new LinkedHashMap<>();
				properties.put("query", Map.of("type", "string"));
				properties.put("status", Map.of("enum", List.of("open", "closed"), "description", "which orders"));
				return Map.of("type", "object", "properties", properties, "required", List.of("query"));
			}

			@Override
			public ToolResult call(Map<String, Object> arguments) {
				return ToolResult.of("none");
			}

		})));
		assertThat(prompt.outputFormat()).contains("// Search the orders.\n{\n  \"intent\": \"search\",\n"
				+ "  \"query\": string,\n  \"status\": \"open\" | \"closed\" // optional; which orders\n}");
		assertThat(prompt.isStrict()).isFalse();
		assertThat(ModelFixtures.prompt().isStrict()).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"type": "string", "format": "email"}                 | true
			{"type": "number", "minimum": 0.01, "maximum": 1000}  | true
			{"type": "string", "pattern": "^A-[0-9]+$"}           | true
			{"type": "string", "default": "viewer"}               | false
			{"type": "string", "format": "uri"}                   | false
			{"type": "string", "minLength": 1}                    | false
			{"type": "string", "examples": ["A-1042"]}            | false
			""")
	void aToolArgumentWithAKeywordStrictModeCannotHonourMakesTheSchemaNonStrict(String property, boolean strict) {
		Map<String, Object> schema = Map.of("type", "object", "properties",
				Map.of("value", ModelFixtures.json.readValue(property, Map.class)), "required", List.of("value"),
				"additionalProperties", false);
		Prompt prompt = Prompt.standard(StepsFixtures.with(List
			.of(new ScriptedTool("lookup", "Looks a value up.", schema, (arguments) -> ToolResult.of("found")))));

		assertThat(prompt.isStrict()).isEqualTo(strict);
	}

}
