package dev.twelvefactor.agentservice.mcp;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stdio test server ends with its pipe: a test JVM that ends without stopping the
 * server it started (or a service killed with it) leaves no process running.
 */
class McpTestServerTests {

	@Test
	void theStdioServerExitsWhenItsClientClosesThePipe() throws Exception {
		Process server = new ProcessBuilder(McpTestServer.stdioCommand()).redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			server.getOutputStream().close();

			assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("the server exited").isTrue();
			assertThat(server.exitValue()).isZero();
		}
		finally {
			server.destroyForcibly();
		}
	}

}
