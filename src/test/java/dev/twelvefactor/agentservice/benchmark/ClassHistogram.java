package dev.twelvefactor.agentservice.benchmark;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of the service by class, as {@code jcmd GC.class_histogram} prints it
 * after the full collection it forces, so what a paused thread holds can be told apart
 * from what the service holds anyway.
 *
 * @param totalBytes the bytes of all live objects
 * @param bytesByClass the bytes of each class's live objects
 */
record ClassHistogram(long totalBytes, Map<String, Long> bytesByClass) {

	private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+).*$", Pattern.MULTILINE);

	private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$", Pattern.MULTILINE);

	static ClassHistogram parse(String output) {
		Matcher total = TOTAL.matcher(output);
		if (!total.find()) {
			throw new IllegalStateException("No total in the class histogram:\n" + output);
		}
		Map<String, Long> bytes = new LinkedHashMap<>();
		Matcher row = ROW.matcher(output);
		while (row.find()) {
			bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
		}
		return new ClassHistogram(Long.parseLong(total.group(1)), bytes);
	}

	/**
	 * The classes that grew most since an earlier histogram.
	 * @param before the earlier histogram
	 * @param limit how many classes to name
	 * @return class name to bytes gained, largest first
	 */
	Map<String, Long> grownSince(ClassHistogram before, int limit) {
		Map<String, Long> grown = new LinkedHashMap<>();
		List<Map.Entry<String, Long>> growth = this.bytesByClass.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(),
					entry.getValue() - before.bytesByClass.getOrDefault(entry.getKey(), 0L)))
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(limit)
			.toList();
		growth.forEach((entry) -> grown.put(entry.getKey(), entry.getValue()));
		return grown;
	}

}
