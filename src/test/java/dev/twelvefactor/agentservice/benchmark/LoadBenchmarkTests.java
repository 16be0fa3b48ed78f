package dev.twelvefactor.agentservice.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prints how fast the service launches, pauses and resumes threads over HTTP on its
 * embedded defaults (with a queue deep enough for the whole burst, and quiet logs), and
 * how much heap a paused thread holds. Run with {@code ./mvnw test -Pbenchmark}; see
 * docs/benchmarks.md.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agent.executor.queue-capacity=100000", "logging.level.dev.twelvefactor.agentservice=WARN" })
class LoadBenchmarkTests {

	private static final int THREADS = Integer.getInteger("benchmark.threads", 2000);

	private static final int CLIENTS = Integer.getInteger("benchmark.clients", 32);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private ThreadStore threads;

	@Test
	void launchPauseAndResumeManyThreads() throws Exception {
		long heapBefore = usedHeapAfterGc();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			long start = System.nanoTime();
			List<Long> launchLatencies = timeAll(clients, THREADS,
					() -> post("/thread", "{\"message\":\"can you multiply 3 and 4, then add 5 to the result\"}", 202));
			awaitAll(ThreadStatus.AWAITING_HUMAN_RESPONSE, 4);
			List<String> calls = awaitPendingCallIds();
			long paused = System.nanoTime();
			long heapPaused = usedHeapAfterGc();

			List<Long> answerLatencies = new ArrayList<>();
			List<Future<Long>> answers = new ArrayList<>();
			for (String call : calls) {
				answers.add(clients
					.submit(() -> time(() -> post("/local/humanlayer/v1/agent/human_contacts/" + call + "/respond",
							"{\"response\":\"now multiply that by 2\"}", 200))));
			}
			for (Future<Long> answer : answers) {
				answerLatencies.add(answer.get());
			}
			awaitAll(ThreadStatus.AWAITING_HUMAN_RESPONSE, 8);
			long resumed = System.nanoTime();

			System.out.printf("%nLoad benchmark: %d threads, %d HTTP clients, Java %s%n", THREADS, CLIENTS,
					Runtime.version());
			System.out.printf("launch -> paused on done_for_now: %.0f threads/s (%d ms in all)%n",
					THREADS / seconds(paused - start), (paused - start) / 1_000_000);
			System.out.printf("POST /thread latency: p50 %.1f ms, p99 %.1f ms%n", percentile(launchLatencies, 50),
					percentile(launchLatencies, 99));
			System.out.printf("answer (inbox -> webhook -> loop) -> paused again: %.0f threads/s (%d ms in all)%n",
					THREADS / seconds(resumed - paused), (resumed - paused) / 1_000_000);
			System.out.printf("inbox respond latency (includes the webhook): p50 %.1f ms, p99 %.1f ms%n",
					percentile(answerLatencies, 50), percentile(answerLatencies, 99));
			System.out.printf("heap per paused thread (with its inbox entry): about %d bytes%n%n",
					(heapPaused - heapBefore) / THREADS);
		}
		finally {
			clients.shutdownNow();
		}
	}

	private List<Long> timeAll(ExecutorService clients, int count, Callable<Void> call) throws Exception {
		List<Future<Long>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			futures.add(clients.submit(() -> time(call)));
		}
		List<Long> latencies = new ArrayList<>();
		for (Future<Long> future : futures) {
			latencies.add(future.get());
		}
		return latencies;
	}

	private static long time(Callable<Void> call) throws Exception {
		long start = System.nanoTime();
		call.call();
		return System.nanoTime() - start;
	}

	private Void post(String path, String body, int expectedStatus) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		return null;
	}

	/**
	 * Waits until the inbox holds a contact for every thread: a thread pauses before its
	 * request is sent, so the last requests may still be on their way.
	 */
	private List<String> awaitPendingCallIds() {
		List<List<String>> calls = new ArrayList<>();
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> {
			calls.add(0, pendingCallIds());
			return calls.get(0).size() == THREADS;
		});
		return calls.get(0);
	}

	private List<String> pendingCallIds() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri("/local/humanlayer/v1/agent/human_contacts/pending")).build(),
				HttpResponse.BodyHandlers.ofString());
		List<String> calls = new ArrayList<>();
		for (JsonNode contact : this.json.readTree(response.body())) {
			calls.add(contact.get("call_id").asString());
		}
		return calls;
	}

	private void awaitAll(ThreadStatus status, int events) {
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
			long done = 0;
			for (AgentThread thread : this.threads.all()) {
				if (thread.status() == status && thread.events().size() >= events) {
					done++;
				}
			}
			return done == THREADS;
		});
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static double percentile(List<Long> nanos, int percentile) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
		return sorted.get(Math.max(0, index)) / 1e6;
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
