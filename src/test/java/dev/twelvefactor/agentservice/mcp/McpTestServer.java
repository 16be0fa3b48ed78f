package dev.twelvefactor.agentservice.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * A real MCP server built with the SDK's server side, for the tests: over stdio as a
 * child process ({@link #main}, started with the test classpath), or over Streamable HTTP
 * on a free loopback port ({@link #http()}). Its tools: {@code echo}, {@code fail} (an
 * {@code isError} result), {@code big} (a result of {@code size} bytes), {@code env} (a
 * variable of the server's environment), {@code authorization} (the header an HTTP
 * request came with) and, over stdio, {@code flaky}, whose process dies on the first call
 * and answers from then on (the file {@code FLAKY_MARKER} names remembers the first
 * call), and {@code classify}, whose one argument is named {@code intent}.
 */
public final class McpTestServer {

	private static final String OBJECT = """
			{"type": "object", "properties": {%s}, "required": [%s]}""";

	private McpTestServer() {
	}

	/**
	 * Serves the tools over stdio until the client closes the pipe, then exits, so that a
	 * client gone without stopping it (a test JVM that ended) leaves no process behind.
	 * Everything but the protocol goes to stderr, which the client logs.
	 * @param args none
	 * @throws InterruptedException never
	 */
	public static void main(String[] args) throws InterruptedException {
		CountDownLatch closed = new CountDownLatch(1);
		InputStream requests = new FilterInputStream(System.in) {

			@Override
			public int read() throws IOException {
				return endOrRead(super.read());
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				return endOrRead(super.read(buffer, offset, length));
			}

			private int endOrRead(int read) {
				if (read < 0) {
					closed.countDown();
				}
				return read;
			}

		};
		PrintStream protocol = System.out;
		System.setOut(System.err);
		List<SyncToolSpecification> tools = new ArrayList<>(tools());
		tools.add(tool("flaky", "Dies the first time it is called, then answers.", "", (exchange, request) -> {
			Path marker = Path.of(System.getenv("FLAKY_MARKER"));
			if (!Files.exists(marker)) {
				write(marker);
				Runtime.getRuntime().halt(3);
			}
			return text("flaky answered");
		}));
		tools.add(tool("classify", "Files a request under what the user wants.", "\"intent\": {\"type\": \"string\"}",
				"\"intent\"", (exchange, request) -> text("filed under " + request.arguments().get("intent"))));
		McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), requests, protocol))
			.serverInfo("test-stdio", "1")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
			.tools(tools)
			.build();
		closed.await();
		System.exit(0);
	}

	/**
	 * Starts the server over Streamable HTTP at {@code /mcp} on a free loopback port.
	 * @return the running server, to close after the tests
	 */
	public static Http http() {
		HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
			.jsonMapper(McpJsonDefaults.getMapper())
			.mcpEndpoint("/mcp")
			.contextExtractor((request) -> McpTransportContext
				.create(Map.of("authorization", Objects.toString(request.getHeader("Authorization"), "(none)"))))
			.build();
		McpSyncServer server = McpServer.sync(transport)
			.serverInfo("test-http", "1")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
			.tools(tools())
			.build();
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(System.getProperty("java.io.tmpdir"));
		tomcat.setPort(0);
		tomcat.getConnector().setProperty("address", "127.0.0.1");
		Context context = tomcat.addContext("", null);
		Wrapper servlet = context.createWrapper();
		servlet.setName("mcp");
		servlet.setServlet(transport);
		servlet.setAsyncSupported(true);
		servlet.setLoadOnStartup(1);
		context.addChild(servlet);
		context.addServletMappingDecoded("/*", "mcp");
		try {
			tomcat.start();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException(ex);
		}
		return new Http(tomcat, server);
	}

	private static List<SyncToolSpecification> tools() {
		return List.of(
				tool("echo", "Echoes the text it is given.", "\"text\": {\"type\": \"string\"}", "\"text\"",
						(exchange, request) -> text("echo: " + request.arguments().get("text"))),
				tool("fail", "Always reports an error.", "",
						(exchange, request) -> CallToolResult.builder()
							.addTextContent("the fail tool always fails")
							.isError(true)
							.build()),
				tool("big", "Answers with size bytes.", "\"size\": {\"type\": \"integer\"}", "\"size\"",
						(exchange, request) -> text("x".repeat(((Number) request.arguments().get("size")).intValue()))),
				tool("env", "Tells a variable of the server's environment.", "\"name\": {\"type\": \"string\"}",
						"\"name\"",
						(exchange, request) -> text(
								Objects.toString(System.getenv((String) request.arguments().get("name")), "(unset)"))),
				tool("authorization", "Tells the Authorization header of the request.", "",
						(exchange, request) -> text(String.valueOf(exchange.transportContext().get("authorization")))));
	}

	private static SyncToolSpecification tool(String name, String description, String properties,
			BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
		return tool(name, description, properties, "", handler);
	}

	private static SyncToolSpecification tool(String name, String description, String properties, String required,
			BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
		return SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder()
				.name(name)
				.description(description)
				.inputSchema(McpJsonDefaults.getMapper(), OBJECT.formatted(properties, required))
				.build())
			.callHandler(handler)
			.build();
	}

	private static CallToolResult text(String text) {
		return CallToolResult.builder().addTextContent(text).build();
	}

	private static void write(Path marker) {
		try {
			Files.writeString(marker, "called");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The command that starts the stdio server with this JVM and classpath.
	 * @return the command and its arguments
	 */
	public static List<String> stdioCommand() {
		return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
				McpTestServer.class.getName());
	}

	/**
	 * The server over HTTP, running until closed.
	 *
	 * @param tomcat the web server
	 * @param server the MCP server
	 */
	public record Http(Tomcat tomcat, McpSyncServer server) implements AutoCloseable {

		public String url() {
			return "http://127.0.0.1:" + this.tomcat.getConnector().getLocalPort() + "/mcp";
		}

		@Override
		public void close() throws LifecycleException {
			this.server.close();
			this.tomcat.stop();
			this.tomcat.destroy();
		}

	}

}
