package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.twelvefactor.agentservice.flow.Signer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * HumanLayer's API as the service uses it, played by the benchmark: it takes function
 * calls and contacts, answers the service's fetch-back, approves every function call at
 * once with a signed {@code function_call.completed} webhook, and leaves contacts
 * ({@code done_for_now}) unanswered, noting when each thread's arrived.
 */
final class StubHumanLayer implements AutoCloseable {

	static final String API_PATH = "/humanlayer/v1";

	static final String API_KEY = "bench";

	private final JsonMapper json = JsonMapper.builder().build();

	private final ExecutorService handlers = Executors.newFixedThreadPool(2);

	private final HttpServer server = StubExchanges.bind(this.handlers);

	private final HttpClient webhooks = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final Signer signature;

	private volatile URI webhookUrl;

	private final Map<String, ObjectNode> functionCalls = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> contacts = new ConcurrentHashMap<>();

	/** When each thread's contact arrived, in {@link System#nanoTime()}. */
	private final Map<String, Long> contactArrivals = new ConcurrentHashMap<>();

	private final AtomicLong contactCount = new AtomicLong();

	private final AtomicLong functionCallCount = new AtomicLong();

	private final AtomicLong webhooksApplied = new AtomicLong();

	private final Queue<String> errors = new ConcurrentLinkedQueue<>();

	StubHumanLayer(String webhookSecret) {
		this.signature = new Signer(webhookSecret);
		this.server.createContext(API_PATH + "/function_calls", (exchange) -> handle(exchange, this.functionCalls));
		this.server.createContext(API_PATH + "/contact_requests", (exchange) -> handle(exchange, this.contacts));
		this.server.start();
	}

	/**
	 * The base URL the service is given as {@code HUMANLAYER_API_BASE}.
	 * @return the URL, including {@code /humanlayer/v1}
	 */
	String apiBase() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + API_PATH;
	}

	/**
	 * Where approvals are delivered: the service's {@code /webhook}, known once it runs.
	 * @param webhookUrl the URL
	 */
	void deliverTo(URI webhookUrl) {
		this.webhookUrl = webhookUrl;
	}

	long contacts() {
		return this.contactCount.get();
	}

	long functionCalls() {
		return this.functionCallCount.get();
	}

	long webhooksApplied() {
		return this.webhooksApplied.get();
	}

	/**
	 * What went wrong on this side: a request it could not take, a webhook the service
	 * did not apply.
	 * @return the errors so far
	 */
	List<String> errors() {
		return List.copyOf(this.errors);
	}

	/**
	 * When the contact of a thread arrived.
	 * @param threadId the thread
	 * @return the {@link System#nanoTime()} of its arrival, or {@code null} when none has
	 */
	Long contactArrival(String threadId) {
		return this.contactArrivals.get(threadId);
	}

	/**
	 * Which of some threads have no contact yet.
	 * @param threadIds the threads
	 * @return how many have sent none
	 */
	long missingContacts(Collection<String> threadIds) {
		return threadIds.stream().filter((id) -> !this.contactArrivals.containsKey(id)).count();
	}

	private void handle(HttpExchange exchange, Map<String, ObjectNode> calls) throws IOException {
		byte[] body = StubExchanges.body(exchange);
		if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			StubExchanges.reply(exchange, 401, "{\"detail\":\"invalid api key\"}".getBytes(StandardCharsets.UTF_8));
			return;
		}
		String path = exchange.getRequestURI().getPath();
		String base = exchange.getHttpContext().getPath();
		if ("GET".equals(exchange.getRequestMethod()) && path.startsWith(base + "/")) {
			ObjectNode call = calls.get(path.substring(base.length() + 1));
			StubExchanges.reply(exchange, (call != null) ? 200 : 404, (call != null) ? this.json.writeValueAsBytes(call)
					: "{\"detail\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
		}
		else if ("POST".equals(exchange.getRequestMethod()) && path.equals(base)) {
			create(exchange, (ObjectNode) this.json.readTree(body), calls == this.functionCalls);
		}
		else {
			this.errors.add("Unexpected " + exchange.getRequestMethod() + " " + path);
			StubExchanges.reply(exchange, 404, "{\"detail\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
		}
	}

	private void create(HttpExchange exchange, ObjectNode call, boolean functionCall) {
		long arrived = System.nanoTime();
		String callId = call.path("call_id").asString();
		String threadId = call.path("spec").path("state").path("thread_id").asString();
		String requestedAt = Instant.now().toString();
		ObjectNode status = call.putObject("status").put("requested_at", requestedAt);
		byte[] reply = this.json.writeValueAsBytes(call);
		if (functionCall) {
			status.put("responded_at", requestedAt).put("approved", true).putNull("comment");
			this.functionCalls.put(callId, call);
			this.functionCallCount.incrementAndGet();
		}
		else {
			this.contacts.put(callId, call);
			if (this.contactArrivals.putIfAbsent(threadId, arrived) != null) {
				this.errors.add("Thread " + threadId + " sent a second contact, " + callId);
			}
			this.contactCount.incrementAndGet();
		}
		StubExchanges.reply(exchange, 200, reply);
		if (functionCall) {
			approve(call);
		}
	}

	/**
	 * Delivers the approval the way HumanLayer (behind a signing proxy) would: the
	 * completed call in the V1Beta2 envelope, signed Standard Webhooks style.
	 */
	private void approve(ObjectNode call) {
		ObjectNode envelope = this.json.createObjectNode()
			.put("type", "function_call.completed")
			.put("is_test", false)
			.set("event", call);
		byte[] body = this.json.writeValueAsBytes(envelope);
		HttpRequest.Builder request = HttpRequest.newBuilder(this.webhookUrl)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		this.signature.headers("msg_" + UUID.randomUUID(), body).forEach(request::header);
		String callId = call.path("call_id").asString();
		this.webhooks.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, ex) -> {
			if (ex != null) {
				this.errors.add("The webhook for " + callId + " failed: " + ex);
			}
			else if (response.statusCode() != 200 || !response.body().contains("\"applied\"")) {
				this.errors.add("The webhook for " + callId + " got " + response.statusCode() + " " + response.body());
			}
			else {
				this.webhooksApplied.incrementAndGet();
			}
		});
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.handlers.shutdownNow();
	}

}
