package dev.twelvefactor.agentservice.thread;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The in-memory store: atomic updates, its bounds, and the changes it announces.
 */
@ExtendWith(OutputCaptureExtension.class)
class CaffeineThreadStoreTests {

	private final List<Object> announced = new CopyOnWriteArrayList<>();

	@Test
	void concurrentUpdatesOfOneThreadNeverLoseAChange() throws Exception {
		CaffeineThreadStore store = store(100);
		AgentThread thread = store.create("hello!");
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> updates = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String text = "error " + i;
				updates.add(pool.submit(() -> {
					start.await();
					return store.update(thread.id(), (current) -> current.append(List.of(Event.error(text))));
				}));
			}
			start.countDown();
			for (Future<?> update : updates) {
				update.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(store.find(thread.id()).orElseThrow().events()).hasSize(201);
	}

	@Test
	void aChangeThatThrowsLeavesTheThreadAsItWas() {
		CaffeineThreadStore store = store(100);
		AgentThread thread = store.create("hello!");
		assertThatIllegalStateException().isThrownBy(() -> store.update(thread.id(), (current) -> {
			throw new IllegalStateException("refused");
		})).withMessage("refused");
		assertThat(store.find(thread.id())).contains(thread);
	}

	@Test
	void anUpdateOfAnUnknownThreadIsEmpty() {
		assertThat(store(100).update(UUID.randomUUID(), (thread) -> thread)).isEmpty();
	}

	@Test
	void aThreadDroppedForTheSizeBoundIsLogged(CapturedOutput output) {
		CaffeineThreadStore store = store(1);
		store.create("first");
		store.create("second");
		store.create("third");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output).contains("was dropped from the store (SIZE) while running"));
		assertThat(store.all()).hasSizeLessThanOrEqualTo(1);
	}

	@Test
	void aDeletedThreadIsGoneWithoutAWarning(CapturedOutput output) {
		CaffeineThreadStore store = store(100);
		AgentThread thread = store.create("hello!");
		store.delete(thread.id());
		assertThat(store.find(thread.id())).isEmpty();
		assertThat(output).doesNotContain("was dropped");
	}

	@Test
	void eachCreateAndUpdateIsAnnounced() {
		CaffeineThreadStore store = store(100);
		AgentThread thread = store.create("hello!");
		AgentThread failed = store.update(thread.id(), (current) -> current.fail("down", Failure.Step.MODEL))
			.orElseThrow();
		assertThat(this.announced).containsExactly(new ThreadChanged(thread), new ThreadChanged(failed));
	}

	private CaffeineThreadStore store(long maximumSize) {
		return new CaffeineThreadStore(
				new ThreadProperties(1024, new ThreadProperties.Store(maximumSize, Duration.ofDays(1))),
				this.announced::add);
	}

}
