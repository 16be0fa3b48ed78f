package dev.twelvefactor.agentservice.approval;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import org.springframework.core.io.Resource;

/**
 * Reads the approval policy's YAML: one rule per tool name or glob, in the short form
 * ({@code refund: "amount > 100"}) or the long form (a map of {@code when},
 * {@code reject_options} and {@code channel}). Whatever is wrong stops the service with
 * the file, the line and the reason.
 */
final class PolicyFile {

	private static final Set<String> LONG_FORM_KEYS = Set.of("when", "reject_options", "channel");

	private static final Set<String> OPTION_KEYS = Set.of("name", "title", "description", "prompt_fill", "interactive");

	private PolicyFile() {
	}

	/**
	 * Reads the rules.
	 * @param file the policy
	 * @return the rules, in the file's order
	 * @throws IllegalStateException naming the file, the line and what is wrong
	 */
	static List<Rule> read(Resource file) {
		Node root;
		try (Reader reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
		}
		catch (MarkedYAMLException ex) {
			throw new IllegalStateException(
					where(file, line(ex.getProblemMark())) + ": it is not valid YAML: " + ex.getProblem(), ex);
		}
		catch (IOException | YAMLException ex) {
			throw new IllegalStateException(
					"The approval policy " + describe(file) + " cannot be read: " + ex.getMessage(), ex);
		}
		if (root == null) {
			return List.of();
		}
		if (!(root instanceof MappingNode rules)) {
			throw new IllegalStateException(where(file, line(root)) + ": the policy must be a map of tool names or "
					+ "globs to rules, such as \"divide: always\"");
		}
		List<Rule> read = new ArrayList<>();
		Set<String> patterns = new HashSet<>();
		for (NodeTuple tuple : rules.getValue()) {
			int line = line(tuple.getKeyNode());
			try {
				String pattern = scalar(tuple.getKeyNode(), "a rule's key");
				Rule.checkPattern(pattern);
				if (!patterns.add(pattern)) {
					throw new IllegalArgumentException("\"" + pattern + "\" has a rule already");
				}
				read.add(rule(pattern, tuple.getValueNode(), line));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						where(file, ex instanceof AtLine at ? at.line : line) + ": " + ex.getMessage(), ex);
			}
		}
		return read;
	}

	private static Rule rule(String pattern, Node value, int line) {
		if (value instanceof ScalarNode) {
			return new Rule(pattern, condition(pattern, value), List.of(), null, line);
		}
		if (!(value instanceof MappingNode map)) {
			throw new AtLine(line(value), "the rule of " + pattern
					+ " must be always, never, a condition in quotes, or a map of when, reject_options and channel");
		}
		Condition condition = new Condition.Always();
		List<RejectOption> options = List.of();
		ApprovalChannel channel = null;
		for (NodeTuple entry : map.getValue()) {
			String key = scalar(entry.getKeyNode(), "a key of the rule of " + pattern);
			Node node = entry.getValueNode();
			switch (key) {
				case "when" -> condition = condition(pattern, node);
				case "reject_options" -> options = options(pattern, node);
				case "channel" -> channel = channel(pattern, node);
				default -> throw new AtLine(line(entry.getKeyNode()), "the rule of " + pattern + " has \"" + key
						+ "\", which is none of " + String.join(", ", LONG_FORM_KEYS.stream().sorted().toList()));
			}
		}
		return new Rule(pattern, condition, options, channel, line);
	}

	private static Condition condition(String pattern, Node node) {
		String text = scalar(node, "the condition of " + pattern);
		try {
			return Condition.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new AtLine(line(node), "the rule of " + pattern + ": " + ex.getMessage());
		}
	}

	private static ApprovalChannel channel(String pattern, Node node) {
		String text = scalar(node, "the channel of " + pattern);
		try {
			return ApprovalChannel.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new AtLine(line(node), "the rule of " + pattern + ": " + ex.getMessage());
		}
	}

	private static List<RejectOption> options(String pattern, Node node) {
		if (!(node instanceof SequenceNode list)) {
			throw new AtLine(line(node), "the reject_options of " + pattern + " must be a list");
		}
		List<RejectOption> options = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (Node item : list.getValue()) {
			RejectOption option = option(pattern, item);
			if (!names.add(option.name())) {
				throw new AtLine(line(item), "the reject_options of " + pattern + " name \"" + option.name()
						+ "\" twice; HumanLayer needs each name once");
			}
			options.add(option);
		}
		return options;
	}

	private static RejectOption option(String pattern, Node item) {
		if (item instanceof ScalarNode) {
			return RejectOption.named(nonBlank(item, "a reject option of " + pattern));
		}
		if (!(item instanceof MappingNode map)) {
			throw new AtLine(line(item), "a reject option of " + pattern + " must be a name or a map with a name");
		}
		String name = null;
		String title = null;
		String description = null;
		String promptFill = null;
		Boolean interactive = null;
		for (NodeTuple entry : map.getValue()) {
			String key = scalar(entry.getKeyNode(), "a key of a reject option of " + pattern);
			Node value = entry.getValueNode();
			switch (key) {
				case "name" -> name = nonBlank(value, "the name of a reject option of " + pattern);
				case "title" -> title = scalar(value, "the title of a reject option of " + pattern);
				case "description" -> description = scalar(value, "the description of a reject option of " + pattern);
				case "prompt_fill" -> promptFill = scalar(value, "the prompt_fill of a reject option of " + pattern);
				case "interactive" -> interactive = flag(value, "the interactive of a reject option of " + pattern);
				default -> throw new AtLine(line(entry.getKeyNode()), "a reject option of " + pattern + " has \"" + key
						+ "\", which is none of " + String.join(", ", OPTION_KEYS.stream().sorted().toList()));
			}
		}
		if (name == null) {
			throw new AtLine(line(item), "a reject option of " + pattern + " has no name");
		}
		return new RejectOption(name, (title != null) ? title : name, description, promptFill, interactive);
	}

	private static boolean flag(Node node, String what) {
		String text = scalar(node, what);
		if (!text.equals("true") && !text.equals("false")) {
			throw new AtLine(line(node), what + " must be true or false");
		}
		return Boolean.parseBoolean(text);
	}

	private static String nonBlank(Node node, String what) {
		String text = scalar(node, what);
		if (text.isBlank()) {
			throw new AtLine(line(node), what + " is empty");
		}
		return text;
	}

	private static String scalar(Node node, String what) {
		if (!(node instanceof ScalarNode scalar)) {
			throw new AtLine(line(node), what + " must be a single value, not a list or a map");
		}
		return scalar.getValue();
	}

	private static int line(Node node) {
		return line(node.getStartMark());
	}

	private static int line(org.yaml.snakeyaml.error.Mark mark) {
		return (mark != null) ? mark.getLine() + 1 : 0;
	}

	private static String where(Resource file, int line) {
		return "The approval policy " + describe(file) + " is wrong at line " + line;
	}

	private static String describe(Resource file) {
		return file.getDescription();
	}

	/**
	 * What is wrong, at a line other than the rule's own.
	 */
	private static final class AtLine extends IllegalArgumentException {

		private final int line;

		AtLine(int line, String message) {
			super(message);
			this.line = line;
		}

	}

}
