package dev.twelvefactor.agentservice.mcp;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client side against real MCP servers built with the SDK: one run as a child process
 * over stdio, one over Streamable HTTP on a free loopback port.
 */
@ExtendWith(OutputCaptureExtension.class)
class McpConnectionTests {

	private static final McpProperties PROPERTIES = new McpProperties(null, DataSize.ofKilobytes(16),
			Duration.ofSeconds(60), Duration.ofSeconds(10));

	private static McpTestServer.Http http;

	@TempDir
	Path temp;

	@BeforeAll
	static void startHttpServer() {
		http = McpTestServer.http();
	}

	@AfterAll
	static void stopHttpServer() throws Exception {
		http.close();
	}

	@Test
	void aStdioServerListsItsToolsAndRunsThemWithOnlyTheVariablesItsEntryNames() {
		try (McpConnection connection = new McpConnection(stdio(Map.of("GREETING", "hello")), PROPERTIES)) {
			assertThat(connection.tools()).extracting(McpSchema.Tool::name)
				.containsExactlyInAnyOrder("echo", "fail", "big", "env", "authorization", "flaky", "classify");
			assertThat(text(connection.call("echo", Map.of("text", "hi")))).isEqualTo("echo: hi");
			assertThat(text(connection.call("env", Map.of("name", "GREETING")))).isEqualTo("hello");
			assertThat(text(connection.call("env", Map.of("name", serviceVariable())))).isEqualTo("(unset)");
		}
	}

	@Test
	void anHttpServerGetsTheHeadersOfItsEntry() {
		McpServerEntry entry = new McpServerEntry("web", null, List.of(), Map.of(), URI.create(http.url()),
				Map.of("Authorization", "Bearer web-token"));
		try (McpConnection connection = new McpConnection(entry, PROPERTIES)) {
			assertThat(connection.tools()).extracting(McpSchema.Tool::name)
				.containsExactlyInAnyOrder("echo", "fail", "big", "env", "authorization");
			assertThat(text(connection.call("authorization", Map.of()))).isEqualTo("Bearer web-token");
			CallToolResult failed = connection.call("fail", Map.of());
			assertThat(failed.isError()).isTrue();
			assertThat(text(failed)).isEqualTo("the fail tool always fails");
		}
	}

	@Test
	void aCallToAToolTheServerDoesNotHaveIsARefusalNotAFailure() {
		McpServerEntry entry = new McpServerEntry("web", null, List.of(), Map.of(), URI.create(http.url()), Map.of());
		try (McpConnection connection = new McpConnection(entry, PROPERTIES)) {
			assertThatExceptionOfType(McpRefusal.class).isThrownBy(() -> connection.call("missing", Map.of()))
				.withMessageContaining("missing");
			assertThat(text(connection.call("echo", Map.of("text", "still here")))).isEqualTo("echo: still here");
		}
	}

	@Test
	void aServerThatDiesMidCallFailsTheCallAndTheNextCallStartsItAgain(CapturedOutput output) {
		McpProperties quick = new McpProperties(null, DataSize.ofKilobytes(16), Duration.ofSeconds(60),
				Duration.ofSeconds(3));
		McpServerEntry entry = stdio(
				Map.of("FLAKY_MARKER", this.temp.resolve("called").toString(), "TOKEN", "env-secret-value"));
		try (McpConnection connection = new McpConnection(entry, quick)) {
			connection.tools();
			assertThatExceptionOfType(McpUnavailable.class).isThrownBy(() -> connection.call("flaky", Map.of()))
				.withMessage("MCP server local gave no answer within 3s (AGENT_MCP_CALL_TIMEOUT)");
			assertThat(text(connection.call("flaky", Map.of()))).isEqualTo("flaky answered");
		}
		assertThat(output).doesNotContain("env-secret-value");
	}

	@Test
	void aCommandThatDoesNotStartNamesTheServerAndWhy() {
		McpServerEntry entry = new McpServerEntry("missing", "/no/such/mcp-server", List.of("--token", "x"),
				Map.of("TOKEN", "env-secret-value"), null, Map.of());
		try (McpConnection connection = new McpConnection(entry, PROPERTIES)) {
			assertThatExceptionOfType(McpUnavailable.class).isThrownBy(connection::tools)
				.withMessage("MCP server missing could not be started or reached: Cannot run program "
						+ "\"/no/such/mcp-server\": error=2, No such file or directory")
				.withMessageNotContaining("env-secret-value");
		}
	}

	@Test
	void anHttpServerThatIsNotThereNamesTheServerWithoutItsSecrets(CapturedOutput output) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		McpServerEntry entry = new McpServerEntry("gone", null, List.of(), Map.of(),
				URI.create("http://user:url-password@127.0.0.1:" + port + "/mcp?key=query-secret"),
				Map.of("Authorization", "Bearer header-secret"));
		McpProperties quick = new McpProperties(null, DataSize.ofKilobytes(16), Duration.ofSeconds(5),
				Duration.ofSeconds(5));
		try (McpConnection connection = new McpConnection(entry, quick)) {
			assertThatExceptionOfType(McpUnavailable.class).isThrownBy(connection::tools)
				.withMessageStartingWith("MCP server gone ")
				.withMessageNotContaining("header-secret")
				.withMessageNotContaining("url-password");
		}
		assertThat(output).doesNotContain("header-secret").doesNotContain("url-password");
	}

	private static McpServerEntry stdio(Map<String, String> env) {
		List<String> command = McpTestServer.stdioCommand();
		return new McpServerEntry("local", command.get(0), command.subList(1, command.size()), env, null, Map.of());
	}

	/** A variable of this JVM that no server inherits, as the SDK's defaults do. */
	private static String serviceVariable() {
		return System.getenv()
			.keySet()
			.stream()
			.filter((name) -> !List.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER").contains(name))
			.findFirst()
			.orElseThrow();
	}

	private static String text(CallToolResult result) {
		return ((McpSchema.TextContent) result.content().get(0)).text();
	}

}
