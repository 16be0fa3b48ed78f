package dev.twelvefactor.agentservice.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The service's session with one MCP server, through the official SDK's client: started
 * (or reached) and asked for its tools at startup, asked to call them later. After a call
 * fails, the session is dropped and a new one made on the next call, so that a retry
 * reaches a server that was restarted.
 */
final class McpConnection implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(McpConnection.class);

	private final McpServerEntry server;

	private final McpProperties properties;

	/** The open session, or {@code null} before the first and after a failure. */
	private McpAsyncClient client;

	McpConnection(McpServerEntry server, McpProperties properties) {
		this.server = server;
		this.properties = properties;
	}

	McpServerEntry server() {
		return this.server;
	}

	/**
	 * Starts or reaches the server and lists its tools.
	 * @return the server's tools
	 * @throws McpUnavailable when it cannot be started, reached or asked in time
	 */
	List<McpSchema.Tool> tools() {
		McpAsyncClient session = session();
		try {
			return session.listTools().timeout(this.properties.callTimeout()).block().tools();
		}
		catch (RuntimeException ex) {
			drop(session);
			throw unavailable("did not list its tools", ex, this.properties.callTimeout(), "AGENT_MCP_CALL_TIMEOUT");
		}
	}

	/**
	 * Calls one of the server's tools.
	 * @param tool the tool's name on the server
	 * @param arguments its arguments
	 * @return the server's result, an error result ({@code isError}) included
	 * @throws McpRefusal when the server answers the request with a JSON-RPC error
	 * @throws McpUnavailable when the server cannot be reached or gives no answer in time
	 */
	McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
		McpAsyncClient session = session();
		try {
			return session.callTool(new McpSchema.CallToolRequest(tool, arguments))
				.timeout(this.properties.callTimeout())
				.block();
		}
		catch (McpError ex) {
			if (ex.getJsonRpcError() == null) {
				drop(session);
				throw unavailable("failed during the call", ex, this.properties.callTimeout(),
						"AGENT_MCP_CALL_TIMEOUT");
			}
			JSONRPCError error = ex.getJsonRpcError();
			throw new McpRefusal(this.server.redact(error.message()
					+ ((error.data() instanceof String data && !data.isBlank()) ? " (" + data + ")" : "")));
		}
		catch (RuntimeException ex) {
			drop(session);
			throw unavailable("failed during the call", ex, this.properties.callTimeout(), "AGENT_MCP_CALL_TIMEOUT");
		}
	}

	@Override
	public synchronized void close() {
		if (this.client != null) {
			this.client.close();
			this.client = null;
		}
	}

	/**
	 * The open session, made and initialized first if there is none. A stdio server whose
	 * command cannot start fails at once, not when the startup timeout passes.
	 */
	private synchronized McpAsyncClient session() {
		if (this.client == null) {
			McpClientTransport transport = transport();
			Duration startup = this.properties.startupTimeout();
			McpAsyncClient session = McpClient.async(transport)
				.clientInfo(new McpSchema.Implementation("agent-service", "1"))
				.initializationTimeout(startup)
				.requestTimeout(
						startup.compareTo(this.properties.callTimeout()) > 0 ? startup : this.properties.callTimeout())
				.build();
			Mono<Void> initialized = session.initialize().timeout(startup).then();
			try {
				((transport instanceof StdioTransport stdio) ? Mono.firstWithSignal(initialized, stdio.startFailure())
						: initialized)
					.block();
			}
			catch (RuntimeException ex) {
				session.close();
				throw unavailable("could not be started or reached", ex, startup, "AGENT_MCP_STARTUP_TIMEOUT");
			}
			logger.info("MCP server {} is connected ({}).", this.server.name(), this.server.where());
			this.client = session;
		}
		return this.client;
	}

	/**
	 * Closes a session that failed, unless another call already replaced it.
	 */
	private synchronized void drop(McpAsyncClient session) {
		if (this.client == session) {
			this.client = null;
		}
		session.close();
	}

	private McpClientTransport transport() {
		if (this.server.isStdio()) {
			StdioTransport transport = new StdioTransport(ServerParameters.builder(this.server.command())
				.args(this.server.args())
				.env(this.server.env())
				.build());
			transport.setStdErrorHandler(
					(line) -> logger.info("MCP server {} wrote: {}", this.server.name(), this.server.redact(line)));
			return transport;
		}
		String url = this.server.url().toString();
		Map<String, String> headers = this.server.headers();
		return HttpClientStreamableHttpTransport.builder(url)
			.endpoint(url)
			.customizeClient((client) -> client.connectTimeout(this.properties.startupTimeout()))
			.httpRequestCustomizer((request, method, uri, body, context) -> headers.forEach(request::header))
			.build();
	}

	private McpUnavailable unavailable(String what, Throwable ex, Duration timeout, String setting) {
		String reason = timedOut(ex) ? "gave no answer within " + print(timeout) + " (" + setting + ")"
				: what + ": " + cause(ex);
		return new McpUnavailable("MCP server " + this.server.name() + " " + this.server.redact(reason), ex);
	}

	private static String print(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	private static boolean timedOut(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The innermost message, which says most ("Connection refused"), or the outer one
	 * that repeats it with more ("Cannot run program "x": error=2, No such file").
	 */
	private static String cause(Throwable ex) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable cause = ex; cause != null && !chain.contains(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		Collections.reverse(chain);
		String message = null;
		for (Throwable cause : chain) {
			String text = cause.getMessage();
			if (message == null && text != null && !text.isBlank()) {
				message = text;
			}
			else if (message != null && text != null && text.contains(message)) {
				message = text;
			}
			else if (message != null) {
				break;
			}
		}
		return (message != null) ? message : chain.get(0).getClass().getSimpleName();
	}

	/**
	 * The SDK's stdio transport, starting the server with only the variables its entry
	 * names and the SDK's few defaults ({@code PATH}, {@code HOME}, {@code USER}, ...),
	 * not the service's own environment with its keys; and telling when the command did
	 * not start, which the SDK only logs.
	 */
	private static final class StdioTransport extends StdioClientTransport {

		private final Sinks.Empty<Void> startFailure = Sinks.empty();

		StdioTransport(ServerParameters parameters) {
			super(parameters, McpJsonDefaults.getMapper());
		}

		@Override
		public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
			return super.connect(handler).doOnError(this.startFailure::tryEmitError);
		}

		/**
		 * Fails when the command could not be started; never completes otherwise.
		 */
		Mono<Void> startFailure() {
			return this.startFailure.asMono();
		}

		@Override
		protected ProcessBuilder getProcessBuilder() {
			ProcessBuilder builder = new ProcessBuilder();
			builder.environment().clear();
			return builder;
		}

	}

}
