package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

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
 * <p>
 * The restart and replica tests hold every call instead, until they answer it with
 * {@link #approve(String)} or {@link #respond(String, String)}; they count how often each
 * {@code call_id} was created, and can have some requests refused.
 */
final class StubHumanLayer implements AutoCloseable {

	static final String API_PATH = "/humanlayer/v1";

	static final String API_KEY = "bench";

	/**
	 * How often a delivery that got no answer at all (its connection refused or closed,
	 * as a burst of new connections to a just-started service may find) is sent again,
	 * with the same {@code webhook-id}, as HumanLayer retries its deliveries.
	 */
	private static final int DELIVERY_ATTEMPTS = 3;

	/**
	 * What a copy answered whose first try's answer was lost: the service had it already.
	 */
	private static final String RETRIED_DUPLICATE = "duplicate after a lost answer";

	private final JsonMapper json = JsonMapper.builder().build();

	private final ExecutorService handlers = Executors.newFixedThreadPool(2);

	private final HttpServer server = StubExchanges.bind(this.handlers);

	private final HttpClient webhooks = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final Signer signature;

	private volatile List<URI> webhookUrls = List.of();

	private final Map<String, ObjectNode> functionCalls = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> contacts = new ConcurrentHashMap<>();

	/** When each thread's contact arrived, in {@link System#nanoTime()}. */
	private final Map<String, Long> contactArrivals = new ConcurrentHashMap<>();

	private final AtomicLong contactCount = new AtomicLong();

	private final AtomicLong functionCallCount = new AtomicLong();

	private final AtomicLong webhooksSent = new AtomicLong();

	private final AtomicLong webhooksApplied = new AtomicLong();

	private final AtomicLong deliveriesRetried = new AtomicLong();

	private final Queue<String> errors = new ConcurrentLinkedQueue<>();

	private final boolean approveAtOnce;

	/** How many times each call was created (taken and stored). */
	private final Map<String, AtomicInteger> creations = new ConcurrentHashMap<>();

	private volatile Predicate<ObjectNode> refused = (call) -> false;

	/**
	 * A HumanLayer that approves every function call at once, as the benchmark needs.
	 * @param webhookSecret the secret that signs the webhooks
	 */
	StubHumanLayer(String webhookSecret) {
		this(webhookSecret, true);
	}

	/**
	 * A HumanLayer that approves every function call at once or holds every call until it
	 * is answered.
	 * @param webhookSecret the secret that signs the webhooks
	 * @param approveAtOnce whether function calls are approved at once
	 */
	StubHumanLayer(String webhookSecret, boolean approveAtOnce) {
		this.approveAtOnce = approveAtOnce;
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
		deliverTo(List.of(webhookUrl));
	}

	/**
	 * Where answers are delivered: each one to every URL at once, as when a delivery
	 * reaches several replicas; one copy must be applied and the others found duplicates.
	 * @param webhookUrls the URLs
	 */
	void deliverTo(List<URI> webhookUrls) {
		this.webhookUrls = List.copyOf(webhookUrls);
	}

	long contacts() {
		return this.contactCount.get();
	}

	long functionCalls() {
		return this.functionCallCount.get();
	}

	/**
	 * How many answers were delivered, each to every URL.
	 * @return the answers sent so far
	 */
	long webhooksSent() {
		return this.webhooksSent.get();
	}

	long webhooksApplied() {
		return this.webhooksApplied.get();
	}

	/**
	 * How many tries of a delivery were sent again because the one before got no answer.
	 */
	long deliveriesRetried() {
		return this.deliveriesRetried.get();
	}

	/**
	 * Refuses the requests to create a call that match with {@code 500}, storing nothing.
	 * @param refused which calls to refuse
	 */
	void refuse(Predicate<ObjectNode> refused) {
		this.refused = refused;
	}

	/**
	 * How many times each call was created.
	 * @return the count of every {@code call_id} taken
	 */
	Map<String, Integer> creations() {
		Map<String, Integer> counts = new TreeMap<>();
		this.creations.forEach((callId, count) -> counts.put(callId, count.get()));
		return counts;
	}

	/**
	 * The calls taken and not yet answered, of one kind.
	 * @param functionCalls function calls, or else contacts
	 * @return the calls by {@code call_id}
	 */
	Map<String, ObjectNode> open(boolean functionCalls) {
		Map<String, ObjectNode> open = new TreeMap<>();
		(functionCalls ? this.functionCalls : this.contacts).forEach((callId, call) -> {
			if (call.path("status").path("responded_at").isNull()
					|| call.path("status").path("responded_at").isMissingNode()) {
				open.put(callId, call);
			}
		});
		return open;
	}

	/**
	 * Approves a held function call and delivers the webhook.
	 * @param callId the call
	 */
	void approve(String callId) {
		ObjectNode call = this.functionCalls.get(callId);
		((ObjectNode) call.path("status")).put("responded_at", Instant.now().toString())
			.put("approved", true)
			.putNull("comment");
		deliver("function_call.completed", call);
	}

	/**
	 * Answers a held contact and delivers the webhook.
	 * @param callId the contact
	 * @param response what the person answers
	 */
	void respond(String callId, String response) {
		ObjectNode call = this.contacts.get(callId);
		((ObjectNode) call.path("status")).put("responded_at", Instant.now().toString())
			.put("response", response)
			.putNull("response_option_name");
		deliver("human_contact.completed", call);
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
		if (this.refused.test(call)) {
			StubExchanges.reply(exchange, 500, "{\"detail\":\"refused by the test\"}".getBytes(StandardCharsets.UTF_8));
			return;
		}
		String callId = call.path("call_id").asString();
		String threadId = call.path("spec").path("state").path("thread_id").asString();
		String requestedAt = Instant.now().toString();
		ObjectNode status = call.putObject("status").put("requested_at", requestedAt);
		byte[] reply = this.json.writeValueAsBytes(call);
		boolean approve = functionCall && this.approveAtOnce;
		if (approve) {
			status.put("responded_at", requestedAt).put("approved", true).putNull("comment");
		}
		this.creations.computeIfAbsent(callId, (id) -> new AtomicInteger()).incrementAndGet();
		if (functionCall) {
			this.functionCalls.put(callId, call);
			this.functionCallCount.incrementAndGet();
		}
		else {
			this.contacts.put(callId, call);
			if (this.contactArrivals.putIfAbsent(threadId, arrived) != null && this.approveAtOnce) {
				this.errors.add("Thread " + threadId + " sent a second contact, " + callId);
			}
			this.contactCount.incrementAndGet();
		}
		StubExchanges.reply(exchange, 200, reply);
		if (approve) {
			deliver("function_call.completed", call);
		}
	}

	/**
	 * Delivers an answer the way HumanLayer (behind a signing proxy) would: the completed
	 * call in the V1Beta2 envelope, signed Standard Webhooks style.
	 */
	private void deliver(String type, ObjectNode call) {
		ObjectNode envelope = this.json.createObjectNode().put("type", type).put("is_test", false).set("event", call);
		byte[] body = this.json.writeValueAsBytes(envelope);
		Map<String, String> headers = this.signature.headers("msg_" + UUID.randomUUID(), body);
		String callId = call.path("call_id").asString();
		this.webhooksSent.incrementAndGet();
		List<CompletableFuture<String>> copies = this.webhookUrls.stream().map((url) -> {
			HttpRequest.Builder request = HttpRequest.newBuilder(url)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body));
			headers.forEach(request::header);
			return send(request.build(), 1);
		}).toList();
		CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).whenComplete((done, ex) -> {
			if (ex != null) {
				this.errors.add("The webhook for " + callId + " failed: " + ex);
				return;
			}
			List<String> outcomes = copies.stream().map(CompletableFuture::join).sorted().toList();
			if (appliedOnce(outcomes)) {
				this.webhooksApplied.incrementAndGet();
			}
			else {
				this.errors
					.add("The webhook for " + callId + " was " + outcomes + ", not one applied and the rest duplicate");
			}
		});
	}

	/**
	 * Sends a delivery, and again when it got no answer, up to {@link #DELIVERY_ATTEMPTS}
	 * times; a {@code duplicate} to a try after the first means an earlier try reached
	 * the service.
	 * @return the status the service answered with
	 */
	private CompletableFuture<String> send(HttpRequest request, int attempt) {
		return this.webhooks.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply((response) -> {
			if (response.statusCode() != 200) {
				return response.statusCode() + " " + response.body();
			}
			String status = this.json.readTree(response.body()).path("status").asString();
			return (attempt > 1 && status.equals("duplicate")) ? RETRIED_DUPLICATE : status;
		}).exceptionallyCompose((ex) -> {
			if (attempt >= DELIVERY_ATTEMPTS || !(unwrap(ex) instanceof IOException)) {
				return CompletableFuture.failedFuture(ex);
			}
			this.deliveriesRetried.incrementAndGet();
			return CompletableFuture
				.supplyAsync(() -> request, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
				.thenCompose((again) -> send(again, attempt + 1));
		});
	}

	/**
	 * Whether the copies of a delivery were applied exactly once: one answered
	 * {@code applied} and the others {@code duplicate}, or the one applied lost its
	 * answer and its retry found it applied.
	 */
	private static boolean appliedOnce(List<String> outcomes) {
		int applied = Collections.frequency(outcomes, "applied");
		int lost = Collections.frequency(outcomes, RETRIED_DUPLICATE);
		int duplicates = Collections.frequency(outcomes, "duplicate");
		return applied + lost + duplicates == outcomes.size() && (applied == 1 || (applied == 0 && lost > 0));
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.handlers.shutdownNow();
	}

}
