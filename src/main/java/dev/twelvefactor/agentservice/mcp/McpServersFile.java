package dev.twelvefactor.agentservice.mcp;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code mcpServers} JSON file that MCP clients share, so an entry copied from
 * a server's README works as it is: {@code command}, {@code args} and {@code env} for a
 * stdio server, {@code url} and {@code headers} for a Streamable HTTP one. Other fields
 * clients add ({@code type}, {@code disabled}, ...) are read where they matter and
 * otherwise ignored. {@code ${VAR}}, {@code ${env:VAR}} and {@code ${VAR:-default}} in
 * {@code command}, {@code args}, {@code env}, {@code url} and {@code headers} are
 * replaced from the service's environment, as MCP clients do, so that a token need not be
 * written in the file. A file that cannot be used stops the service with the entry and
 * the reason, never a value of {@code env}, {@code headers} or a variable.
 */
final class McpServersFile {

	/** A server's name is the first part of its tools' names, before the dot. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

	/** A placeholder: {@code ${...}}. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

	/**
	 * What a placeholder may hold: a variable, as Claude Code writes it ({@code VAR},
	 * {@code VAR:-default}) or as VS Code and Cursor do ({@code env:VAR}).
	 */
	private static final Pattern VARIABLE = Pattern.compile("(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?",
			Pattern.DOTALL);

	private static final JsonMapper json = JsonMapper.builder().build();

	private McpServersFile() {
	}

	/**
	 * Reads the servers a file names, in the file's order, leaving out those marked
	 * {@code "disabled": true}.
	 * @param file the file {@code AGENT_MCP_CONFIG} names
	 * @return the servers
	 * @throws IllegalStateException when the file cannot be read or an entry is wrong
	 */
	static List<McpServerEntry> read(Path file) {
		return read(file, System::getenv);
	}

	/**
	 * Reads the servers a file names, its placeholders replaced from the given
	 * environment.
	 * @param file the file {@code AGENT_MCP_CONFIG} names
	 * @param environment the value of a variable, {@code null} when it is not set
	 * @return the servers
	 * @throws IllegalStateException when the file cannot be read, an entry is wrong, or a
	 * placeholder names a variable that is not set and has no default
	 */
	static List<McpServerEntry> read(Path file, Function<String, String> environment) {
		Variables variables = new Variables(file, environment);
		JsonNode root;
		try {
			root = json.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw invalid(file, "cannot be read: " + ex);
		}
		catch (JacksonException ex) {
			throw invalid(file, "is not JSON: " + ex.getOriginalMessage());
		}
		JsonNode servers = (root != null) ? root.get("mcpServers") : null;
		if (servers == null || !servers.isObject()) {
			throw invalid(file, "needs an object \"mcpServers\" with one entry per server");
		}
		List<McpServerEntry> entries = new ArrayList<>();
		for (Map.Entry<String, JsonNode> server : servers.properties()) {
			if (!server.getValue().path("disabled").asBoolean(false)) {
				entries.add(entry(file, server.getKey(), server.getValue(), variables));
			}
		}
		return entries;
	}

	private static McpServerEntry entry(Path file, String name, JsonNode server, Variables variables) {
		String at = "mcpServers." + name;
		if (!NAME.matcher(name).matches()) {
			throw invalid(file, at + ": a server's name may hold only letters, digits, '_' and '-'");
		}
		if (!server.isObject()) {
			throw invalid(file, at + " must be an object");
		}
		String command = text(file, at, server, "command");
		String url = text(file, at, server, "url");
		String type = text(file, at, server, "type");
		if ((command == null) == (url == null)) {
			throw invalid(file, at + " needs either \"command\" (a stdio server) or \"url\" (Streamable HTTP)");
		}
		if (type != null && !List.of("stdio", "http", "streamable-http", "streamablehttp")
			.contains(type.toLowerCase(Locale.ROOT))) {
			throw invalid(file, at + ": type \"" + type + "\" is not supported; use stdio or Streamable HTTP");
		}
		if (command != null) {
			List<String> args = new ArrayList<>();
			List<String> written = strings(file, at, server, "args");
			for (int i = 0; i < written.size(); i++) {
				args.add(variables.expand(written.get(i), at + ".args[" + i + "]"));
			}
			return new McpServerEntry(name, variables.expand(command, at + ".command"), args,
					variables.expand(stringMap(file, at, server, "env"), at + ".env"), null, Map.of());
		}
		return new McpServerEntry(name, null, List.of(), Map.of(), uri(file, at, variables.expand(url, at + ".url")),
				variables.expand(stringMap(file, at, server, "headers"), at + ".headers"));
	}

	private static String text(Path file, String at, JsonNode server, String field) {
		JsonNode value = server.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString() || value.asString().isBlank()) {
			throw invalid(file, at + "." + field + " must be a non-empty string");
		}
		return value.asString();
	}

	private static List<String> strings(Path file, String at, JsonNode server, String field) {
		JsonNode value = server.get(field);
		if (value == null || value.isNull()) {
			return List.of();
		}
		List<String> strings = new ArrayList<>();
		for (JsonNode item : value.isArray() ? value.values() : List.of(value)) {
			if (!value.isArray() || !item.isString()) {
				throw invalid(file, at + "." + field + " must be an array of strings");
			}
			strings.add(item.asString());
		}
		return strings;
	}

	/** The values are secrets: a wrong one is named by its key only. */
	private static Map<String, String> stringMap(Path file, String at, JsonNode server, String field) {
		JsonNode value = server.get(field);
		if (value == null || value.isNull()) {
			return Map.of();
		}
		if (!value.isObject()) {
			throw invalid(file, at + "." + field + " must be an object of strings");
		}
		Map<String, String> map = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> item : value.properties()) {
			if (!item.getValue().isString()) {
				throw invalid(file, at + "." + field + "." + item.getKey() + " must be a string");
			}
			map.put(item.getKey(), item.getValue().asString());
		}
		return map;
	}

	private static URI uri(Path file, String at, String url) {
		try {
			URI uri = new URI(url);
			if (uri.getHost() != null && List.of("http", "https").contains(String.valueOf(uri.getScheme()))) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// reported below, without the URL, which may hold a token
		}
		throw invalid(file, at + ".url must be an http or https URL with a host");
	}

	private static IllegalStateException invalid(Path file, String reason) {
		return new IllegalStateException("AGENT_MCP_CONFIG (" + file + ") " + reason);
	}

	/**
	 * Replaces the placeholders of a file's values from the environment; a message names
	 * a variable, never its value.
	 */
	private record Variables(Path file, Function<String, String> environment) {

		String expand(String text, String where) {
			Matcher placeholder = PLACEHOLDER.matcher(text);
			StringBuilder expanded = new StringBuilder();
			while (placeholder.find()) {
				Matcher variable = VARIABLE.matcher(placeholder.group(1));
				if (!variable.matches()) {
					throw invalid(this.file, where + ": \"" + placeholder.group()
							+ "\" names no environment variable; write ${NAME}, ${env:NAME} or ${NAME:-default}");
				}
				String value = this.environment.apply(variable.group(1));
				if (value == null && variable.group(2) == null) {
					throw invalid(this.file, where + " uses ${" + variable.group(1)
							+ "}, which is not set in the service's environment");
				}
				placeholder.appendReplacement(expanded,
						Matcher.quoteReplacement((value != null) ? value : variable.group(2)));
			}
			placeholder.appendTail(expanded);
			return expanded.toString();
		}

		Map<String, String> expand(Map<String, String> values, String where) {
			Map<String, String> expanded = new LinkedHashMap<>();
			values.forEach((key, value) -> expanded.put(key, expand(value, where + "." + key)));
			return expanded;
		}

	}

}
