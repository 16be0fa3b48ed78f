package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What both stubs do with the JDK's HTTP server: bind to a free loopback port, read a
 * body, and answer JSON from whichever thread holds the exchange, so an answer can be
 * sent later without a thread waiting for it.
 */
final class StubExchanges {

	/** Deep enough for a burst of thousands of connections from the service. */
	private static final int BACKLOG = 4096;

	/**
	 * Idle connections a stub keeps open, as a model server or HumanLayer would. The JDK
	 * server closes all but 200 by default (read once, when its first server starts), so
	 * each burst would open most of its connections anew.
	 */
	private static final String MAX_IDLE_CONNECTIONS = "10000";

	static {
		System.setProperty("sun.net.httpserver.maxIdleConnections", MAX_IDLE_CONNECTIONS);
	}

	private StubExchanges() {
	}

	static HttpServer bind(ExecutorService handlers) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
			server.setExecutor(handlers);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot bind a stub server", ex);
		}
	}

	static byte[] body(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			return body.readAllBytes();
		}
	}

	/**
	 * Sends a complete answer and closes the exchange; the connection stays open for the
	 * client's next request.
	 */
	static void reply(HttpExchange exchange, int status, byte[] json) {
		try (OutputStream body = exchange.getResponseBody()) {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, (json.length > 0) ? json.length : -1);
			body.write(json);
		}
		catch (IOException ex) {
			exchange.close();
		}
	}

}
