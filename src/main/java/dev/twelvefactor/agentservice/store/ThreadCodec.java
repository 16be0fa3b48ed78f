package dev.twelvefactor.agentservice.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.twelvefactor.agentservice.thread.AgentThread;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * A thread as the JSON document a database row keeps: every component of
 * {@link AgentThread} and of the values it holds, by their own names, so a component
 * added to the thread is kept without a change here, and nothing derived from them (an
 * {@code isPaused()} is not written; a document that has one from an earlier version
 * reads back the same). Its own mapper, not the API's: the stored form must not change
 * when the API's naming does. A number in an untyped place (an event's data) is read back
 * as the {@code BigDecimal} the service computes with, of the same scale it was written
 * with.
 */
final class ThreadCodec {

	private final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.changeDefaultVisibility((visibility) -> visibility.withIsGetterVisibility(Visibility.NONE))
		.addModule(new SimpleModule("untyped-decimals").addDeserializer(Object.class, new Untyped()))
		.build();

	String encode(AgentThread thread) {
		return this.json.writeValueAsString(thread);
	}

	AgentThread decode(String body) {
		return this.json.readValue(body, AgentThread.class);
	}

	/**
	 * Reads an untyped value as plain Java values: maps in their order, lists, strings,
	 * booleans, and every number as a {@code BigDecimal}.
	 */
	private static final class Untyped extends StdDeserializer<Object> {

		Untyped() {
			super(Object.class);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) {
			return value(context.readTree(parser));
		}

		@Override
		public Object getNullValue(DeserializationContext context) {
			return null;
		}

		private static Object value(JsonNode node) {
			if (node.isObject()) {
				Map<String, Object> map = new LinkedHashMap<>();
				node.properties().forEach((entry) -> map.put(entry.getKey(), value(entry.getValue())));
				return map;
			}
			if (node.isArray()) {
				List<Object> list = new ArrayList<>(node.size());
				node.values().forEach((element) -> list.add(value(element)));
				return list;
			}
			if (node.isNumber()) {
				return node.decimalValue();
			}
			if (node.isBoolean()) {
				return node.booleanValue();
			}
			return node.isNull() ? null : node.stringValue();
		}

	}

}
