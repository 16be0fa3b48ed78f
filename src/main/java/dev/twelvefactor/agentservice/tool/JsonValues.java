package dev.twelvefactor.agentservice.tool;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments and results as JSON-ready values, with every number a {@link BigDecimal}, so
 * that equal numbers compare and print alike however they were read.
 */
public final class JsonValues {

	private JsonValues() {
	}

	/**
	 * The value with its numbers, at any depth, as {@link BigDecimal}s.
	 * @param value a string, number, boolean, map, list or {@code null}
	 * @return the same value, numbers converted
	 */
	public static Object normalized(Object value) {
		if (value instanceof BigDecimal) {
			return value;
		}
		if (value instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> copy.put(String.valueOf(key), normalized(item)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((item) -> copy.add(normalized(item)));
			return copy;
		}
		return value;
	}

}
