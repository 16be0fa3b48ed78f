package dev.twelvefactor.agentservice.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.twelvefactor.agentservice.agent.Steps;
import dev.twelvefactor.agentservice.agent.ThreadRenderer;
import dev.twelvefactor.agentservice.thread.AgentThread;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.util.Assert;

/**
 * The words the model reads, kept in {@code prompts/} where a person can edit them, with
 * the output format and the strict JSON schema written from the same {@link Steps} (the
 * registered tools and the human steps) that the parser and the loop check against.
 */
final class Prompt {

	static final String THREAD = "{{thread}}";

	static final String OUTPUT_FORMAT = "{{output_format}}";

	/** The property of the strict JSON schema's root object that holds the step. */
	static final String NEXT_STEP = "next_step";

	/**
	 * The keywords of a flat property that OpenAI's strict mode honours, besides
	 * {@code format}.
	 */
	private static final Set<String> STRICT_KEYWORDS = Set.of("type", "description", "enum", "const", "pattern",
			"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");

	/** The values of {@code format} that OpenAI's strict mode honours. */
	private static final Set<String> STRICT_FORMATS = Set.of("date-time", "time", "date", "duration", "email",
			"hostname", "ipv4", "ipv6", "uuid");

	private final String system;

	private final String user;

	private final Steps steps;

	Prompt(Resource system, Resource user, Steps steps) {
		this.steps = steps;
		this.system = read(system).strip();
		String template = read(user);
		Assert.state(template.contains(THREAD), () -> user + " must contain " + THREAD);
		Assert.state(template.contains(OUTPUT_FORMAT), () -> user + " must contain " + OUTPUT_FORMAT);
		this.user = template.replace(OUTPUT_FORMAT, outputFormat()).strip();
	}

	/**
	 * The prompt the service ships.
	 * @param steps the steps the model may take
	 * @return the prompt from {@code prompts/system.txt} and
	 * {@code prompts/next-step.txt}
	 */
	static Prompt standard(Steps steps) {
		return new Prompt(new ClassPathResource("prompts/system.txt"), new ClassPathResource("prompts/next-step.txt"),
				steps);
	}

	Steps steps() {
		return this.steps;
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
	 * Describes the answer the model must give, one JSON shape per step, commented with
	 * the step's and its fields' descriptions.
	 * @return the output-format section
	 */
	String outputFormat() {
		List<String> shapes = new ArrayList<>();
		for (Steps.Shape step : this.steps.shapes()) {
			List<String> lines = new ArrayList<>();
			List<String> comments = new ArrayList<>();
			lines.add("  \"intent\": \"" + step.name() + "\"");
			comments.add(null);
			List<?> required = (step.schema().get("required") instanceof List<?> names) ? names : List.of();
			for (Map.Entry<String, Object> field : Steps.properties(step.schema()).entrySet()) {
				Map<?, ?> property = (field.getValue() instanceof Map<?, ?> map) ? map : Map.of();
				lines.add("  \"" + field.getKey() + "\": " + type(property));
				String description = (property.get("description") instanceof String text) ? text : null;
				comments.add(required.contains(field.getKey()) ? description
						: "optional" + ((description != null) ? "; " + description : ""));
			}
			StringBuilder shape = new StringBuilder("// ").append(step.description()).append("\n{\n");
			for (int i = 0; i < lines.size(); i++) {
				shape.append(lines.get(i)).append((i < lines.size() - 1) ? "," : "");
				shape.append((comments.get(i) != null) ? " // " + comments.get(i) : "").append('\n');
			}
			shapes.add(shape.append('}').toString());
		}
		return "Answer with exactly one JSON object, in one of these shapes:\n\n"
				+ shapes.stream().collect(Collectors.joining("\n\nor\n\n"));
	}

	/**
	 * A field's type as the output format writes it: its JSON type, or the values an enum
	 * allows.
	 */
	private static String type(Map<?, ?> property) {
		if (property.get("enum") instanceof List<?> values) {
			return values.stream()
				.map((value) -> (value instanceof String text) ? "\"" + text + "\"" : String.valueOf(value))
				.collect(Collectors.joining(" | "));
		}
		Object type = property.get("type");
		if (type instanceof List<?> types) {
			return types.stream().map(String::valueOf).collect(Collectors.joining(" | "));
		}
		return (type != null) ? type.toString() : "any JSON value";
	}

	/**
	 * The JSON schema of an answer: a short reasoning first, then the step, one of the
	 * steps with exactly its fields. Strict schemas need an object at the root, hence the
	 * wrapper.
	 * @return the schema, as JSON-ready maps
	 */
	Map<String, Object> jsonSchema() {
		List<Object> steps = new ArrayList<>();
		for (Steps.Shape step : this.steps.shapes()) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("intent", Map.of("type", "string", "enum", List.of(step.name())));
			properties.putAll(Steps.properties(step.schema()));
			List<Object> required = new ArrayList<>(List.of("intent"));
			if (step.schema().get("required") instanceof List<?> names) {
				required.addAll(names);
			}
			steps.add(object(step.description(), properties, required));
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("reasoning", property("string", "what to do next and why, in a few sentences"));
		properties.put(NEXT_STEP, Map.of("anyOf", steps));
		return object("The next step of the agent", properties, List.of("reasoning", NEXT_STEP));
	}

	/**
	 * Whether the schema may be sent as strict: OpenAI's strict mode needs every property
	 * of every object required, which a tool's optional arguments are not, and refuses a
	 * schema with a keyword it cannot honour (such as {@code default}, {@code minLength}
	 * or a {@code format} it does not know), which would fail every request.
	 * @return true when every step's fields are all required and flat, and each uses only
	 * keywords strict mode honours
	 */
	boolean isStrict() {
		for (Steps.Shape step : this.steps.shapes()) {
			Map<String, Object> properties = Steps.properties(step.schema());
			List<?> required = (step.schema().get("required") instanceof List<?> names) ? names : List.of();
			if (!required.containsAll(properties.keySet())) {
				return false;
			}
			for (Object property : properties.values()) {
				if (!(property instanceof Map<?, ?> map) || !isStrictProperty(map)) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Whether strict mode honours every keyword of a flat property, as OpenAI's
	 * Structured Outputs guide lists them under "Supported schemas".
	 */
	private static boolean isStrictProperty(Map<?, ?> property) {
		for (Map.Entry<?, ?> keyword : property.entrySet()) {
			boolean honoured = STRICT_KEYWORDS.contains(String.valueOf(keyword.getKey()))
					|| ("format".equals(keyword.getKey())
							&& STRICT_FORMATS.contains(String.valueOf(keyword.getValue())));
			if (!honoured) {
				return false;
			}
		}
		return true;
	}

	private static Map<String, Object> property(String type, String description) {
		Map<String, Object> property = new LinkedHashMap<>();
		property.put("type", type);
		property.put("description", description);
		return property;
	}

	private static Map<String, Object> object(String description, Map<String, Object> properties, List<?> required) {
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
