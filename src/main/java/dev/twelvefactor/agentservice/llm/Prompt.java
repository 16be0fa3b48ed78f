package dev.twelvefactor.agentservice.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.ThreadRenderer;
import dev.twelvefactor.agentservice.thread.AgentThread;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.util.Assert;

/**
 * The words the model reads, kept in {@code prompts/} where a person can edit them, with
 * the output format written from the same {@link Intent} definitions the code validates
 * against.
 */
final class Prompt {

	static final String THREAD = "{{thread}}";

	static final String OUTPUT_FORMAT = "{{output_format}}";

	/** The property of the strict JSON schema's root object that holds the step. */
	static final String NEXT_STEP = "next_step";

	private final String system;

	private final String user;

	Prompt(Resource system, Resource user) {
		this.system = read(system).strip();
		String template = read(user);
		Assert.state(template.contains(THREAD), () -> user + " must contain " + THREAD);
		Assert.state(template.contains(OUTPUT_FORMAT), () -> user + " must contain " + OUTPUT_FORMAT);
		this.user = template.replace(OUTPUT_FORMAT, outputFormat()).strip();
	}

	/**
	 * The prompt the service ships.
	 * @return the prompt from {@code prompts/system.txt} and
	 * {@code prompts/next-step.txt}
	 */
	static Prompt standard() {
		return new Prompt(new ClassPathResource("prompts/system.txt"), new ClassPathResource("prompts/next-step.txt"));
	}

	String system() {
		return this.system;
	}

	/**
	 * The question for one step: the rendered thread inside the template. The thread goes
	 * in last, so nothing a user typed is read as a placeholder.
	 * @param thread the thread so far
	 * @return the user message
	 */
	String user(AgentThread thread) {
		return this.user.replace(THREAD, ThreadRenderer.render(thread.events()));
	}

	/**
	 * Describes the answer the model must give, one JSON shape per intent, commented with
	 * the intent's and its fields' descriptions.
	 * @return the output-format section
	 */
	static String outputFormat() {
		List<String> shapes = new ArrayList<>();
		for (Intent intent : Intent.values()) {
			List<String> lines = new ArrayList<>();
			lines.add("  \"intent\": \"" + intent.wireName() + "\"");
			for (Intent.Field field : intent.fields()) {
				lines.add("  \"" + field.name() + "\": " + field.type());
			}
			StringBuilder shape = new StringBuilder("// ").append(intent.description()).append("\n{\n");
			for (int i = 0; i < lines.size(); i++) {
				shape.append(lines.get(i)).append((i < lines.size() - 1) ? "," : "");
				shape.append((i > 0) ? " // " + intent.fields().get(i - 1).description() : "").append('\n');
			}
			shapes.add(shape.append('}').toString());
		}
		return "Answer with exactly one JSON object, in one of these shapes:\n\n"
				+ shapes.stream().collect(Collectors.joining("\n\nor\n\n"));
	}

	/**
	 * The strict JSON schema of an answer: a short reasoning first, then the step, one of
	 * the intents with exactly its fields. Strict schemas need an object at the root,
	 * hence the wrapper.
	 * @return the schema, as JSON-ready maps
	 */
	static Map<String, Object> jsonSchema() {
		List<Object> steps = new ArrayList<>();
		for (Intent intent : Intent.values()) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("intent", Map.of("type", "string", "enum", List.of(intent.wireName())));
			List<String> required = new ArrayList<>(List.of("intent"));
			for (Intent.Field field : intent.fields()) {
				properties.put(field.name(), property(field.type(), field.description()));
				required.add(field.name());
			}
			steps.add(object(intent.description(), properties, required));
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("reasoning", property("string", "what to do next and why, in a few sentences"));
		properties.put(NEXT_STEP, Map.of("anyOf", steps));
		return object("The next step of the agent", properties, List.of("reasoning", NEXT_STEP));
	}

	private static Map<String, Object> property(String type, String description) {
		Map<String, Object> property = new LinkedHashMap<>();
		property.put("type", type);
		property.put("description", description);
		return property;
	}

	private static Map<String, Object> object(String description, Map<String, Object> properties,
			List<String> required) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("type", "object");
		object.put("description", description);
		object.put("properties", properties);
		object.put("required", required);
		object.put("additionalProperties", false);
		return object;
	}

	private static String read(Resource resource) {
		try {
			return resource.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the prompt " + resource, ex);
		}
	}

}
