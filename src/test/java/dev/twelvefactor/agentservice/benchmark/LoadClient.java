package dev.twelvefactor.agentservice.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

/**
 * Launches threads over HTTP as clients would: {@code POST /thread} and on to the next,
 * never waiting for a loop, noting every launch's latency and every answer other than
 * {@code 202}.
 */
final class LoadClient {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final URI threads;

	LoadClient(ServiceProcess service) {
		this.threads = service.uri("/thread");
	}

	/**
	 * Launches threads asynchronously, as fast as the service takes them.
	 * @param message what each thread is asked
	 * @param count how many to launch
	 * @param concurrency the most requests in flight at once
	 * @param mayLaunch told how many were launched so far, says whether the next may go
	 * now; the launch waits until it does
	 * @return the launches
	 */
	Launches burst(String message, int count, int concurrency, IntPredicate mayLaunch) throws InterruptedException {
		Launches launches = new Launches(count);
		Semaphore inFlight = new Semaphore(concurrency);
		HttpRequest request = launch(message);
		for (int i = 0; i < count; i++) {
			while (!mayLaunch.test(i)) {
				Thread.sleep(1);
			}
			inFlight.acquire();
			long start = System.nanoTime();
			this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, ex) -> {
				launches.record(start, response, ex);
				inFlight.release();
			});
		}
		inFlight.acquire(concurrency);
		return launches.finish();
	}

	/**
	 * Launches threads from a fixed number of clients, each sending its next request as
	 * soon as its last is answered.
	 * @param message what each thread is asked
	 * @param count how many to launch in all
	 * @param clients how many clients send at once
	 * @return the launches
	 */
	Launches closedLoop(String message, int count, int clients) throws InterruptedException {
		Launches launches = new Launches(count);
		HttpRequest request = launch(message);
		closedLoop(count, clients, () -> request, launches);
		return launches.finish();
	}

	/**
	 * Reads threads with {@code GET /thread/{id}} from a fixed number of clients, each
	 * asking for a thread picked at random as soon as its last answer came.
	 * @param threadIds the threads to pick from
	 * @param count how many reads in all
	 * @param clients how many clients read at once
	 * @return each read's latency, and the reads that failed
	 */
	Requests reads(List<String> threadIds, int count, int clients) throws InterruptedException {
		Requests reads = new Requests("GET /thread/{id}", 200, count);
		closedLoop(count, clients,
				() -> HttpRequest
					.newBuilder(this.threads
						.resolve("/thread/" + threadIds.get(ThreadLocalRandom.current().nextInt(threadIds.size()))))
					.GET()
					.build(),
				reads);
		return reads;
	}

	/**
	 * Sends requests from a fixed number of clients, each sending its next as soon as its
	 * last is answered, and notes what each got.
	 */
	private void closedLoop(int count, int clients, Supplier<HttpRequest> next, Requests requests)
			throws InterruptedException {
		AtomicInteger sent = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		for (int i = 0; i < clients; i++) {
			pool.execute(() -> {
				while (sent.getAndIncrement() < count) {
					HttpRequest request = next.get();
					long start = System.nanoTime();
					try {
						requests.record(start, this.http.send(request, HttpResponse.BodyHandlers.ofString()), null);
					}
					catch (IOException | InterruptedException ex) {
						requests.record(start, null, ex);
					}
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.HOURS);
	}

	private HttpRequest launch(String message) {
		return HttpRequest.newBuilder(this.threads)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(new Launch(message))))
			.build();
	}

	private record Launch(String message) {
	}

	/**
	 * What a series of requests got: each request's latency, and the requests that did
	 * not get the answer expected.
	 */
	static class Requests {

		private final String what;

		private final int expectedStatus;

		private final List<Long> latencies;

		private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

		Requests(String what, int expectedStatus, int count) {
			this.what = what;
			this.expectedStatus = expectedStatus;
			this.latencies = Collections.synchronizedList(new ArrayList<>(count));
		}

		/**
		 * Notes one request's latency, and what went wrong with it.
		 * @return the answer when it has the status expected, else {@code null}
		 */
		HttpResponse<String> record(long start, HttpResponse<String> response, Throwable ex) {
			this.latencies.add(System.nanoTime() - start);
			if (ex != null) {
				this.errors.add(this.what + " failed: " + ex);
				return null;
			}
			if (response.statusCode() != this.expectedStatus) {
				this.errors.add(this.what + " answered " + response.statusCode() + ": " + response.body());
				return null;
			}
			return response;
		}

		List<Long> latencies() {
			return List.copyOf(this.latencies);
		}

		List<String> errors() {
			return List.copyOf(this.errors);
		}

	}

	/**
	 * What a series of launches got: the threads' ids besides each request's latency and
	 * the launches that failed.
	 */
	final class Launches extends Requests {

		private final long start = System.nanoTime();

		private final List<String> threadIds;

		private long end;

		private Launches(int count) {
			super("POST /thread", 202, count);
			this.threadIds = Collections.synchronizedList(new ArrayList<>(count));
		}

		@Override
		HttpResponse<String> record(long start, HttpResponse<String> response, Throwable ex) {
			HttpResponse<String> launched = super.record(start, response, ex);
			if (launched != null) {
				this.threadIds.add(LoadClient.this.json.readTree(launched.body()).path("thread_id").asString());
			}
			return launched;
		}

		private Launches finish() {
			this.end = System.nanoTime();
			return this;
		}

		/** When the first launch was sent, in {@link System#nanoTime()}. */
		long start() {
			return this.start;
		}

		/** How long all launches took to be answered. */
		long elapsedNanos() {
			return this.end - this.start;
		}

		List<String> threadIds() {
			return List.copyOf(this.threadIds);
		}

	}

}
