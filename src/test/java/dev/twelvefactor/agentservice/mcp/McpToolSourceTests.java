package dev.twelvefactor.agentservice.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolOrigin;
import dev.twelvefactor.agentservice.tool.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The tools the servers of an {@code mcpServers} file bring, as the registry gets them,
 * from a real stdio server and a real Streamable HTTP server.
 */
class McpToolSourceTests {

	@TempDir
	static Path temp;

	private static McpTestServer.Http http;

	private static McpToolSource source;

	private static Map<String, Tool> tools;

	@BeforeAll
	static void connect() throws IOException {
		http = McpTestServer.http();
		source = new McpToolSource(properties(config(temp, http.url())));
		tools = new java.util.LinkedHashMap<>();
		source.tools().forEach((tool) -> tools.put(tool.name(), tool));
	}

	@AfterAll
	static void disconnect() throws Exception {
		source.destroy();
		http.close();
	}

	@Test
	void eachServerBringsItsToolsNamedAfterIt() {
		assertThat(tools).containsOnlyKeys("local.echo", "local.fail", "local.big", "local.env", "local.authorization",
				"local.flaky", "local.classify", "web.echo", "web.fail", "web.big", "web.env", "web.authorization");
		Tool echo = tools.get("web.echo");
		assertThat(echo.origin()).isEqualTo(ToolOrigin.mcp("web"));
		assertThat(echo.description()).isEqualTo("Echoes the text it is given.");
		assertThat(echo.argumentSchema()).containsEntry("type", "object")
			.containsEntry("properties", Map.of("text", Map.of("type", "string")))
			.containsEntry("required", List.of("text"));
	}

	@Test
	void aResultAndAnErrorResultAreBothResultsForTheThread() {
		assertThat(tools.get("local.echo").call(Map.of("text", "hi"))).isEqualTo(ToolResult.of("echo: hi"));
		assertThat(tools.get("web.fail").call(Map.of())).isEqualTo(ToolResult.of("error: the fail tool always fails"));
		assertThat(tools.get("web.authorization").call(Map.of())).isEqualTo(ToolResult.of("Bearer web-token"));
	}

	@Test
	void aStdioServerGetsItsEnvironmentWithPlaceholdersReplacedFromTheServices() {
		String path = System.getenv("PATH");
		assertThat((String) tools.get("local.env").call(Map.of("name", "SEEN_PATH")).content())
			.startsWith(path.substring(0, Math.min(path.length(), 1024))); // the result
																			// is cut at 1
																			// KiB
	}

	@Test
	void aResultLargerThanTheLimitIsCut() {
		ToolResult result = tools.get("web.big").call(Map.of("size", 5000));
		assertThat((String) result.content()).isEqualTo(
				"x".repeat(1024) + "\n[truncated: the result has 5000 bytes, 1024 kept (AGENT_MCP_MAX_RESULT_SIZE)]");
	}

	@Test
	void aServerThatCannotStartStopsTheServiceNamingIt() throws IOException {
		Path config = temp.resolve("broken.json");
		Files.writeString(config,
				"""
						{"mcpServers": {"broken": {"command": "/no/such/mcp-server", "env": {"TOKEN": "env-secret-value"}}}}""");
		assertThatIllegalStateException().isThrownBy(() -> new McpToolSource(properties(config)).tools())
			.withMessage("MCP server broken could not be started or reached: Cannot run program "
					+ "\"/no/such/mcp-server\": error=2, No such file or directory (AGENT_MCP_CONFIG " + config + ")");
	}

	@Test
	void withoutAFileThereAreNoMcpTools() {
		assertThat(new McpToolSource(properties(null)).tools()).isEmpty();
	}

	private static McpProperties properties(Path config) {
		return new McpProperties(config, DataSize.ofKilobytes(1), Duration.ofSeconds(60), Duration.ofSeconds(10));
	}

	/**
	 * Writes an {@code mcpServers} file naming the stdio test server {@code local} and
	 * the HTTP one {@code web}.
	 * @param directory where to write it
	 * @param httpUrl the HTTP server's endpoint
	 * @return the file
	 * @throws IOException when it cannot be written
	 */
	static Path config(Path directory, String httpUrl) throws IOException {
		List<String> command = McpTestServer.stdioCommand();
		Map<String, Object> servers = Map.of("mcpServers",
				Map.of("local",
						Map.of("command", command.get(0), "args", command.subList(1, command.size()), "env",
								Map.of("FLAKY_MARKER", directory.resolve("flaky-called").toString(), "SEEN_PATH",
										"${env:PATH}")),
						"web", Map.of("url", httpUrl, "headers", Map.of("Authorization", "Bearer web-token"))));
		return Files.writeString(directory.resolve("mcp.json"),
				JsonMapper.builder().build().writeValueAsString(servers));
	}

}
