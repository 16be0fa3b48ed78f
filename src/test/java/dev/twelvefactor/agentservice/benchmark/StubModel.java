package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted model behind OpenAI's Chat Completions wire format that answers after a
 * fixed latency without holding a thread while it waits, so thousands of concurrent calls
 * cost the benchmark machine next to nothing and the service's own cost shows.
 * <p>
 * It reads the thread the service rendered into the user message: with no tool response
 * yet it answers the operation the user asked for ({@code add 3 and 4}, {@code divide 3
 * by 4}), after one it answers {@code done_for_now}; a message that begins with
 * {@value #ASK} gets a question back ({@code request_more_information}).
 */
final class StubModel implements AutoCloseable {

	private static final Pattern USER_INPUT = Pattern.compile("<user_input>\\s*(.*?)\\s*</user_input>", Pattern.DOTALL);

	private static final Pattern OPERATION = Pattern
		.compile("(add|subtract|multiply|divide)\\D*?(-?\\d+)\\D+?(-?\\d+)");

	/**
	 * How a message begins that the script answers with a question to the user
	 * ({@code request_more_information}) rather than a calculation.
	 */
	static final String ASK = "ask me";

	private final JsonMapper json = JsonMapper.builder().build();

	private final ExecutorService handlers = Executors.newFixedThreadPool(2);

	private final ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor();

	private final HttpServer server = StubExchanges.bind(this.handlers);

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private volatile Duration latency;

	StubModel(Duration latency) {
		this.latency = latency;
		this.server.createContext("/v1/chat/completions", this::complete);
		this.server.start();
	}

	/**
	 * The base URL the service is given as {@code OPENAI_BASE_URL}.
	 * @return the URL, up to {@code /v1}
	 */
	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	/**
	 * Changes how long the next calls take, for filling the service quickly.
	 * @param latency the delay before each answer
	 */
	void latency(Duration latency) {
		this.latency = latency;
	}

	/**
	 * How many chat completions were asked for: one per agent step.
	 * @return the calls so far
	 */
	long calls() {
		return this.calls.get();
	}

	/**
	 * How many calls could not be answered as scripted (answered with 400 instead).
	 * @return the refused calls so far
	 */
	long errors() {
		return this.errors.get();
	}

	private void complete(HttpExchange exchange) throws IOException {
		byte[] request = StubExchanges.body(exchange);
		this.calls.incrementAndGet();
		String step = nextStep(this.json.readTree(request));
		int status = 200;
		byte[] reply;
		if (step != null) {
			String content = "{\"reasoning\":\"Scripted by the benchmark.\",\"next_step\":" + step + "}";
			reply = this.json.writeValueAsBytes(Map.of("id", "chatcmpl-bench", "object", "chat.completion", "choices",
					new Object[] { Map.of("index", 0, "finish_reason", "stop", "message",
							Map.of("role", "assistant", "content", content)) }));
		}
		else {
			this.errors.incrementAndGet();
			status = 400;
			reply = "{\"error\":{\"message\":\"the benchmark's model has no script for this thread\"}}"
				.getBytes(StandardCharsets.UTF_8);
		}
		long delay = this.latency.toNanos();
		int answered = status;
		if (delay <= 0) {
			StubExchanges.reply(exchange, answered, reply);
		}
		else {
			this.replies.schedule(() -> StubExchanges.reply(exchange, answered, reply), delay, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * The step the script takes for the thread in a chat request.
	 * @return the step as JSON, or {@code null} when the thread is not one of the
	 * script's
	 */
	private static String nextStep(JsonNode request) {
		String thread = null;
		for (JsonNode message : request.path("messages")) {
			if ("user".equals(message.path("role").asString())) {
				thread = message.path("content").asString();
			}
		}
		if (thread == null) {
			return null;
		}
		if (thread.contains("<tool_response>")) {
			return "{\"intent\":\"done_for_now\",\"message\":\"Done: the result is in the thread.\"}";
		}
		Matcher input = USER_INPUT.matcher(thread);
		if (!input.find()) {
			return null;
		}
		if (input.group(1).startsWith(ASK)) {
			return "{\"intent\":\"request_more_information\",\"message\":\"Which numbers should I use?\"}";
		}
		Matcher operation = OPERATION.matcher(input.group(1));
		if (!operation.find()) {
			return null;
		}
		return "{\"intent\":\"" + operation.group(1) + "\",\"a\":" + operation.group(2) + ",\"b\":" + operation.group(3)
				+ "}";
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.replies.shutdownNow();
		this.handlers.shutdownNow();
	}

}
