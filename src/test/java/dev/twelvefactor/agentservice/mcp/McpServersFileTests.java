package dev.twelvefactor.agentservice.mcp;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The {@code mcpServers} file, as MCP clients share it.
 */
class McpServersFileTests {

	@TempDir
	Path temp;

	@Test
	void readsStdioAndHttpEntriesAsServersReadmesGiveThem() throws IOException {
		Path file = write("""
				{"mcpServers": {
				  "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],
				             "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_secret"}},
				  "docs": {"type": "http", "url": "https://mcp.example.com/mcp",
				           "headers": {"Authorization": "Bearer secret-token"}},
				  "old": {"command": "old-server", "disabled": true}
				}}""");
		assertThat(McpServersFile.read(file)).containsExactly(
				new McpServerEntry("github", "npx", List.of("-y", "@modelcontextprotocol/server-github"),
						Map.of("GITHUB_PERSONAL_ACCESS_TOKEN", "ghp_secret"), null, Map.of()),
				new McpServerEntry("docs", null, List.of(), Map.of(), URI.create("https://mcp.example.com/mcp"),
						Map.of("Authorization", "Bearer secret-token")));
	}

	@Test
	void placeholdersAreReplacedFromTheEnvironmentAsMcpClientsWriteThem() throws IOException {
		Path file = write(
				"""
						{"mcpServers": {
						  "github": {"command": "${HOME}/bin/server", "args": ["--token=${env:GITHUB_TOKEN}", "--level=${LEVEL:-info}"],
						             "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_TOKEN}", "PLAIN": "as written"}},
						  "docs": {"url": "https://${MCP_HOST}/mcp", "headers": {"Authorization": "Bearer ${env:GITHUB_TOKEN}"}}
						}}""");
		Map<String, String> environment = Map.of("HOME", "/home/ana", "GITHUB_TOKEN", "ghp_secret", "MCP_HOST",
				"mcp.example.com");

		assertThat(McpServersFile.read(file, environment::get)).containsExactly(
				new McpServerEntry("github", "/home/ana/bin/server", List.of("--token=ghp_secret", "--level=info"),
						Map.of("GITHUB_PERSONAL_ACCESS_TOKEN", "ghp_secret", "PLAIN", "as written"), null, Map.of()),
				new McpServerEntry("docs", null, List.of(), Map.of(), URI.create("https://mcp.example.com/mcp"),
						Map.of("Authorization", "Bearer ghp_secret")));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~',
			textBlock = """
					{"mcpServers": {"a": {"command": "x", "env": {"TOKEN": "${A_TOKEN}"}}}}       | mcpServers.a.env.TOKEN uses ${A_TOKEN}, which is not set in the service's environment
					{"mcpServers": {"a": {"command": "x", "args": ["-k", "${env:A_TOKEN}"]}}}     | mcpServers.a.args[1] uses ${A_TOKEN}, which is not set in the service's environment
					{"mcpServers": {"a": {"url": "https://h/mcp", "headers": {"Authorization": "Bearer ${A_TOKEN}"}}}} | mcpServers.a.headers.Authorization uses ${A_TOKEN}, which is not set in the service's environment
					{"mcpServers": {"a": {"url": "https://${A_HOST}/mcp?key=${SET}"}}}            | mcpServers.a.url uses ${A_HOST}, which is not set in the service's environment
					{"mcpServers": {"a": {"command": "x", "env": {"K": "${input:token}"}}}}       | mcpServers.a.env.K: "${input:token}" names no environment variable; write ${NAME}, ${env:NAME} or ${NAME:-default}
					""")
	void aPlaceholderThatCannotBeReplacedStopsTheServiceNamingItButNoValue(String content, String reason)
			throws IOException {
		Path file = write(content);
		Map<String, String> environment = Map.of("SET", "set-secret-value");
		assertThatIllegalStateException().isThrownBy(() -> McpServersFile.read(file, environment::get))
			.withMessage("AGENT_MCP_CONFIG (" + file + ") " + reason);
	}

	@Test
	void anEntryPrintsNeitherItsVariablesNorItsHeaders() {
		McpServerEntry entry = new McpServerEntry("docs", null, List.of(), Map.of(),
				URI.create("https://user:pw@mcp.example.com/mcp?key=query-secret"),
				Map.of("Authorization", "Bearer secret-token"));
		assertThat(entry.toString()).contains("docs", "Authorization", "https://mcp.example.com/mcp")
			.doesNotContain("secret", "pw");
		assertThat(entry.redact("refused Bearer secret-token at https://user:pw@mcp.example.com"))
			.isEqualTo("refused (secret) at https://(key)@mcp.example.com");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~',
			textBlock = """
					{"servers": {}}                                  | needs an object "mcpServers" with one entry per server
					{"mcpServers": {"a.b": {"command": "x"}}}          | mcpServers.a.b: a server's name may hold only letters, digits, '_' and '-'
					{"mcpServers": {"a": {"args": ["x"]}}}             | mcpServers.a needs either "command" (a stdio server) or "url" (Streamable HTTP)
					{"mcpServers": {"a": {"command": "x", "url": "http://h"}}} | mcpServers.a needs either "command" (a stdio server) or "url" (Streamable HTTP)
					{"mcpServers": {"a": {"command": "x", "args": "-y"}}} | mcpServers.a.args must be an array of strings
					{"mcpServers": {"a": {"command": "x", "env": {"K": 1}}}} | mcpServers.a.env.K must be a string
					{"mcpServers": {"a": {"type": "sse", "url": "http://h/sse"}}} | mcpServers.a: type "sse" is not supported; use stdio or Streamable HTTP
					{"mcpServers": {"a": {"url": "ftp://h/x?token=t0ken"}}} | mcpServers.a.url must be an http or https URL with a host
					{"mcpServers":                                    | is not JSON:
					""")
	void aWrongFileStopsTheServiceNamingTheEntryAndTheReason(String content, String reason) throws IOException {
		Path file = write(content);
		assertThatIllegalStateException().isThrownBy(() -> McpServersFile.read(file))
			.withMessageStartingWith("AGENT_MCP_CONFIG (" + file + ") ")
			.withMessageContaining(reason)
			.withMessageNotContaining("t0ken");
	}

	@Test
	void aFileThatIsNotThereIsNamed() {
		Path missing = this.temp.resolve("missing.json");
		assertThatIllegalStateException().isThrownBy(() -> McpServersFile.read(missing))
			.withMessageStartingWith("AGENT_MCP_CONFIG (" + missing + ") cannot be read: ");
	}

	private Path write(String content) throws IOException {
		return Files.writeString(this.temp.resolve("mcp.json"), content);
	}

}
