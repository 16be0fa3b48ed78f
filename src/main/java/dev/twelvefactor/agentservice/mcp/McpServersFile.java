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
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code mcpServers} JSON file that MCP clients share, so an entry copied from
 * a server's README works as it is: {@code command}, {@code args} and {@code env} for a
 * stdio server, {@code url} and {@code headers} for a Streamable HTTP one. Other fields
 * clients add ({@code type}, {@code disabled}, ...) are read where they matter and
 * otherwise ignored. A file that cannot be used stops the service with the entry and the
 * reason, never a value of {@code env} or {@code headers}.
 */
final class McpServersFile {

	/** A server's name is the first part of its tools' names, before the dot. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

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
				entries.add(entry(file, server.getKey(), server.getValue()));
			}
		}
		return entries;
	}

	private static McpServerEntry entry(Path file, String name, JsonNode server) {
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
			return new McpServerEntry(name, command, strings(file, at, server, "args"),
					stringMap(file, at, server, "env"), null, Map.of());
		}
		return new McpServerEntry(name, null, List.of(), Map.of(), uri(file, at, url),
				stringMap(file, at, server, "headers"));
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

}
