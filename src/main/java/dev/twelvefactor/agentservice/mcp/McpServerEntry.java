package dev.twelvefactor.agentservice.mcp;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.twelvefactor.agentservice.http.OutboundHttp;

/**
 * One server of the {@code mcpServers} file: a command to start and speak to over stdio,
 * or the URL of a Streamable HTTP endpoint. The values of {@code env} and {@code headers}
 * are secrets (API keys, tokens): nothing prints them, and {@link #redact(String)}
 * strikes them from any text a failure brings.
 *
 * @param name the server's name, the first part of its tools' names
 * @param command the program that runs a stdio server, or {@code null} for HTTP
 * @param args the program's arguments
 * @param env the variables the program gets, besides the few every server gets
 * @param url the Streamable HTTP endpoint, or {@code null} for stdio
 * @param headers the headers every request to the endpoint carries
 */
record McpServerEntry(String name, String command, List<String> args, Map<String, String> env, URI url,
		Map<String, String> headers) {

	private static final String STRUCK = "(secret)";

	McpServerEntry {
		args = List.copyOf(args);
		env = Map.copyOf(env);
		headers = Map.copyOf(headers);
	}

	boolean isStdio() {
		return this.command != null;
	}

	/**
	 * Where the server is, fit for a log: the command without its arguments, or the URL
	 * without credentials and query, where a token may be.
	 * @return a short description
	 */
	String where() {
		if (isStdio()) {
			return "stdio, command " + this.command;
		}
		String port = (this.url.getPort() != -1) ? ":" + this.url.getPort() : "";
		return "Streamable HTTP, " + this.url.getScheme() + "://" + this.url.getHost() + port + this.url.getRawPath();
	}

	/**
	 * A text to show or log, with the values of {@code env} and {@code headers} struck
	 * out, and any password in a URL.
	 * @param text a failure's message, possibly echoing what was sent
	 * @return the text, safe to show
	 */
	String redact(String text) {
		String redacted = String.valueOf(text);
		for (String secret : Stream.concat(this.env.values().stream(), this.headers.values().stream())
			.filter((value) -> !value.isBlank())
			.toList()) {
			redacted = redacted.replace(secret, STRUCK);
		}
		return OutboundHttp.withoutCredentials(redacted);
	}

	@Override
	public String toString() {
		return "McpServerEntry[" + this.name + ", " + where() + ", env " + this.env.keySet() + ", headers "
				+ this.headers.keySet() + "]";
	}

}
