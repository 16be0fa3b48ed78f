package dev.twelvefactor.agentservice.benchmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The figures of one scenario at one size in one service process, with whatever went
 * wrong on the way, which makes the figures suspect.
 *
 * @param scenario {@code a}, {@code b}, {@code c} or {@code d}
 * @param start {@code fresh} (a just-started process, warmed with a few threads, as a new
 * replica sees it) or {@code warm} (after the full warm-up)
 * @param size the number of threads
 * @param run which run this was, from 1
 * @param figures the figures, in the order they are reported
 * @param errors what went wrong, each distinct error once with its count
 * @param details more that the report shows but takes no median of
 */
record Measurement(String scenario, String start, int size, int run, List<Figure> figures, List<String> errors,
		Map<String, Object> details) {

	/**
	 * One measured number.
	 *
	 * @param key its name in the JSON results
	 * @param label its name in the printed table
	 * @param value the number
	 */
	record Figure(String key, String label, double value) {
	}

	/**
	 * Collects one measurement's figures and errors as they are taken.
	 */
	static final class Builder {

		private final String scenario;

		private final String start;

		private final int size;

		private final int run;

		private final List<Figure> figures = new ArrayList<>();

		private final List<String> errors = new ArrayList<>();

		private final Map<String, Object> details = new LinkedHashMap<>();

		Builder(String scenario, String start, int size, int run) {
			this.scenario = scenario;
			this.start = start;
			this.size = size;
			this.run = run;
		}

		Builder figure(String key, String label, double value) {
			this.figures.add(new Figure(key, label, value));
			return this;
		}

		Builder errors(Collection<String> errors) {
			this.errors.addAll(errors);
			return this;
		}

		/**
		 * Notes an error when a count is not what it must be.
		 * @param what what is counted
		 * @param actual the count
		 * @param expected what it must be
		 * @return this builder
		 */
		Builder expect(String what, long actual, long expected) {
			if (actual != expected) {
				this.errors.add(what + " was " + actual + ", expected " + expected);
			}
			return this;
		}

		Builder detail(String key, Object value) {
			this.details.put(key, value);
			return this;
		}

		Measurement build() {
			Map<String, Long> counts = this.errors.stream()
				.collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
			List<String> summary = counts.entrySet()
				.stream()
				.map((error) -> (error.getValue() > 1) ? error.getValue() + " x " + error.getKey() : error.getKey())
				.toList();
			return new Measurement(this.scenario, this.start, this.size, this.run, List.copyOf(this.figures), summary,
					this.details);
		}

	}

}
