package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.twelvefactor.agentservice.thread.Event;

/**
 * Writes a thread as the model reads it, the way the reference did: one tagged block an
 * event, named after its intent or type.
 */
public final class ThreadRenderer {

	private ThreadRenderer() {
	}

	public static String render(List<Event> events) {
		return events.stream().map(ThreadRenderer::render).collect(Collectors.joining("\n\n"));
	}

	static String render(Event event) {
		String tag = (event.intent() != null) ? event.intent() : event.type();
		return "<" + tag + ">\n" + body(event.data()) + "\n</" + tag + ">";
	}

	private static String body(Object data) {
		if (data instanceof Map<?, ?> fields) {
			return fields.entrySet()
				.stream()
				.filter((field) -> !"intent".equals(field.getKey()))
				.map((field) -> field.getKey() + ": " + text(field.getValue()))
				.collect(Collectors.joining("\n"));
		}
		return text(data).stripLeading();
	}

	private static String text(Object value) {
		return (value instanceof BigDecimal number) ? number.toPlainString() : String.valueOf(value);
	}

}
