package dev.twelvefactor.agentservice.tool;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A tool's JSON Schema, compiled once, that checks a call's arguments before anything
 * runs. Numbers written as strings where the schema wants a number are read as numbers
 * first, as models often write them; every number is kept as a {@link BigDecimal}.
 */
final class ArgumentSchema {

	private static final int MAX_QUOTED = 80;

	/**
	 * Draft 2020-12 unless a schema names another, with {@code format} asserted rather
	 * than only noted: a tool that says {@code "format": "email"} gets an email address.
	 */
	private static final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(registry) -> registry
				.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String tool;

	private final Map<String, Object> source;

	private final Schema schema;

	/**
	 * Compiles a tool's schema.
	 * @param tool the tool's name, for messages
	 * @param source the schema
	 * @throws IllegalStateException when the schema is not a JSON Schema of an object
	 */
	ArgumentSchema(String tool, Map<String, Object> source) {
		this.tool = tool;
		this.source = (source != null) ? source : Map.of("type", "object");
		try {
			this.schema = schemas.getSchema(json.valueToTree(this.source));
		}
		catch (SchemaException | IllegalArgumentException ex) {
			throw new IllegalStateException(
					"The argument schema of tool " + tool + " cannot be read: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Checks the arguments of a call.
	 * @param arguments the model's arguments
	 * @return the arguments, numbers as {@link BigDecimal}
	 * @throws InvalidArguments when they do not fit the schema
	 */
	Map<String, Object> check(Map<String, Object> arguments) {
		Map<String, Object> read = new LinkedHashMap<>();
		arguments.forEach((name, value) -> read.put(name, coerce(value, type(name))));
		List<Error> errors = this.schema.validate(node(read));
		if (!errors.isEmpty()) {
			throw new InvalidArguments(errors.stream()
				.limit(3)
				.map((error) -> describe(error, read))
				.distinct()
				.collect(Collectors.joining("; ")));
		}
		return read;
	}

	private String describe(Error error, Map<String, Object> arguments) {
		String field = field(error);
		if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
			String type = type(error.getProperty());
			return this.tool + " needs " + article(type) + " in \"" + error.getProperty() + "\"";
		}
		if ("type".equals(error.getKeyword()) && field != null) {
			Object value = arguments.get(field);
			return this.tool + " needs " + article(type(field)) + " in \"" + field + "\""
					+ ((value instanceof String text) ? ", not \"" + abbreviate(text) + "\"" : "");
		}
		return this.tool + ": " + error.getMessage();
	}

	/**
	 * The top-level argument an error is about, or {@code null} for the whole object or a
	 * nested value.
	 */
	private static String field(Error error) {
		if (error.getInstanceLocation() == null || error.getInstanceLocation().getNameCount() != 1) {
			return null;
		}
		Object element = error.getInstanceLocation().getElement(0);
		return (element instanceof String name) ? name : null;
	}

	private static String article(String type) {
		if (type == null) {
			return "a value";
		}
		return (type.startsWith("a") || type.startsWith("i") || type.startsWith("o")) ? "an " + type : "a " + type;
	}

	/**
	 * The type the schema gives a top-level property, when it gives one.
	 */
	private String type(String property) {
		if (this.source.get("properties") instanceof Map<?, ?> properties
				&& properties.get(property) instanceof Map<?, ?> schema && schema.get("type") instanceof String type) {
			return type;
		}
		return null;
	}

	private static Object coerce(Object value, String type) {
		if (value instanceof String text && ("number".equals(type) || "integer".equals(type))) {
			BigDecimal number = number(text);
			return (number != null) ? number : value;
		}
		return JsonValues.normalized(value);
	}

	private static BigDecimal number(String text) {
		String stripped = text.strip();
		if (stripped.isEmpty() || stripped.length() > 1_000) {
			return null;
		}
		try {
			return new BigDecimal(stripped);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The value as JSON, integral numbers as integers so that a schema's
	 * {@code "type": "integer"} accepts {@code 3} however it was written.
	 */
	private static JsonNode node(Object value) {
		JsonNodeFactory nodes = json.getNodeFactory();
		if (value instanceof BigDecimal decimal) {
			BigDecimal stripped = decimal.stripTrailingZeros();
			return (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 1_000)
					? nodes.numberNode(stripped.toBigIntegerExact()) : nodes.numberNode(decimal);
		}
		if (value instanceof Map<?, ?> map) {
			var object = nodes.objectNode();
			map.forEach((key, item) -> object.set(String.valueOf(key), node(item)));
			return object;
		}
		if (value instanceof List<?> list) {
			var array = nodes.arrayNode();
			list.forEach((item) -> array.add(node(item)));
			return array;
		}
		return json.valueToTree(value);
	}

	private static String abbreviate(String text) {
		return (text.length() <= MAX_QUOTED) ? text : text.substring(0, MAX_QUOTED) + "...";
	}

}
