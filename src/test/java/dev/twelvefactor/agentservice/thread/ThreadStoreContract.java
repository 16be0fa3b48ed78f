package dev.twelvefactor.agentservice.thread;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What every {@link ThreadStore} promises, run against each implementation: a test class
 * of an implementation extends it and says how to make the store and let time pass.
 */
public abstract class ThreadStoreContract {

	/** Each change a store announced, with what the store held for it at that moment. */
	protected final List<Announcement> announced = new CopyOnWriteArrayList<>();

	private ThreadStore store;

	private Instant waits = Instant.parse("2026-01-01T00:00:00Z");

	/**
	 * Makes an empty store that announces its changes to {@link #announce}.
	 * @param maximumSize how many threads it may hold
	 * @param idleExpiry how long it keeps a thread nobody reads or changes
	 * @return the store
	 */
	protected abstract ThreadStore newStore(long maximumSize, Duration idleExpiry);

	/**
	 * Lets time pass for the store's idle expiry.
	 * @param duration how much
	 */
	protected abstract void elapse(Duration duration);

	/**
	 * Notes an announced change, with what the store then holds for the thread.
	 * @param event the announcement
	 */
	protected void announce(Object event) {
		ThreadChanged changed = (ThreadChanged) event;
		this.announced.add(new Announcement(changed.thread(), this.store.find(changed.thread().id()).orElse(null)));
	}

	private ThreadStore store(long maximumSize) {
		return store(maximumSize, Duration.ofDays(1));
	}

	/**
	 * Makes the store under test, whose announcements {@link #announce} reads back.
	 * @param maximumSize how many threads it may hold
	 * @param idleExpiry how long it keeps a thread nobody reads or changes
	 * @return the store
	 */
	protected final ThreadStore store(long maximumSize, Duration idleExpiry) {
		this.store = newStore(maximumSize, idleExpiry);
		return this.store;
	}

	@Test
	void aCreatedThreadIsFoundAsItWasStored() {
		ThreadStore store = store(100);
		AgentThread thread = store.create("hello!");
		assertThat(thread.status()).isEqualTo(ThreadStatus.RUNNING);
		assertThat(thread.events()).containsExactly(Event.userInput("hello!"));
		assertThat(store.find(thread.id())).contains(thread);
		assertThat(store.find(UUID.randomUUID())).isEmpty();
	}

	@Test
	void aThreadBegunOutsideTheApiKeepsItsOriginAndChannel() {
		ThreadStore store = store(100);
		Origin origin = Origin.of(new Origin.Email("user@example.com", "agent@humanlayer.dev", "Numbers", "<m-1@x>"));
		Channel channel = Channel.of(new Channel.Email("user@example.com", null, "Re: Numbers", "<m-1@x>", "<m-1@x>"));
		AgentThread thread = store.create("can you divide 3 by 4", origin, channel);
		assertThat(thread.events()).containsExactly(Event.userInput("can you divide 3 by 4", origin));
		assertThat(thread.channel()).isEqualTo(channel);
		store.update(thread.id(), (current) -> current.fail("stopped", Failure.Step.MODEL));
		AgentThread found = store.find(thread.id()).orElseThrow();
		assertThat(found.events().get(0).origin()).isEqualTo(origin);
		assertThat(found.channel()).isEqualTo(channel);
	}

	@Test
	void concurrentUpdatesOfOneThreadNeverLoseAChange() throws Exception {
		ThreadStore store = store(100);
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
	void onlyTheLastRunOfAChangeIsStored() {
		ThreadStore store = store(100);
		AgentThread thread = store.create("hello!");
		List<AgentThread> results = new CopyOnWriteArrayList<>();
		AgentThread updated = store.update(thread.id(), (current) -> {
			AgentThread next = current.append(List.of(Event.error("run " + results.size())));
			results.add(next);
			return next;
		}).orElseThrow();
		assertThat(results).isNotEmpty();
		assertThat(updated).isEqualTo(results.get(results.size() - 1));
		assertThat(store.find(thread.id())).contains(updated);
		assertThat(updated.events()).hasSize(2);
	}

	@Test
	void aChangeThatThrowsLeavesTheThreadAsItWas() {
		ThreadStore store = store(100);
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
	void aDeletedThreadIsGoneAndFreesItsRoom() {
		ThreadStore store = store(1);
		AgentThread thread = store.create("hello!");
		store.delete(thread.id());
		assertThat(store.find(thread.id())).isEmpty();
		assertThat(store.create("again")).isNotNull();
	}

	@Test
	void eachStoredChangeIsAnnouncedOnceItIsStored() {
		ThreadStore store = store(100);
		AgentThread thread = store.create("hello!");
		AgentThread failed = store.update(thread.id(), (current) -> current.fail("down", Failure.Step.MODEL))
			.orElseThrow();
		assertThat(this.announced).containsExactly(new Announcement(thread, thread), new Announcement(failed, failed));
	}

	@Test
	void recentListsTheNewestThreadsFirstUpToTheLimit() {
		ThreadStore store = store(100);
		List<UUID> launched = new ArrayList<>();
		Instant previous = Instant.EPOCH;
		for (int i = 0; i < 5; i++) {
			AgentThread thread = launchedAfter(store, "thread " + i, previous);
			launched.add(thread.id());
			previous = thread.createdAt();
		}
		assertThat(store.recent(3)).extracting(AgentThread::id)
			.containsExactly(launched.get(4), launched.get(3), launched.get(2));
		assertThat(store.recent(10)).hasSize(5);
	}

	@Test
	void countByStatusCountsEveryStatusZeroIncluded() {
		ThreadStore store = store(100);
		store.create("running");
		AgentThread failed = store.create("failed");
		store.update(failed.id(), (thread) -> thread.fail("down", Failure.Step.MODEL));
		paused(store, CallKind.FUNCTION_CALL);
		paused(store, CallKind.FUNCTION_CALL);
		AgentThread cancelled = paused(store, CallKind.HUMAN_CONTACT);
		store.update(cancelled.id(), (thread) -> thread.cancel(new Cancellation("not needed", "ops", Instant.now())));
		Map<ThreadStatus, Long> counts = store.countByStatus();
		assertThat(counts).containsExactlyInAnyOrderEntriesOf(
				Map.of(ThreadStatus.RUNNING, 1L, ThreadStatus.FAILED, 1L, ThreadStatus.AWAITING_APPROVAL, 2L,
						ThreadStatus.AWAITING_HUMAN_RESPONSE, 0L, ThreadStatus.CANCELLED, 1L));
	}

	@Test
	void waitingSinceFindsThePausedThreadsThatWaitedSinceTheCutoffLatestFirst() {
		ThreadStore store = store(100);
		store.create("running");
		AgentThread first = paused(store, CallKind.FUNCTION_CALL);
		AgentThread second = paused(store, CallKind.HUMAN_CONTACT);
		AgentThread third = paused(store, CallKind.FUNCTION_CALL);
		AgentThread failed = paused(store, CallKind.HUMAN_CONTACT);
		store.update(failed.id(), (thread) -> thread.fail("down", Failure.Step.HUMAN_REQUEST));
		Instant cutoff = third.pending().since();
		AgentThread late = paused(store, CallKind.FUNCTION_CALL);

		assertThat(store.waitingSince(cutoff, 10)).extracting(AgentThread::id)
			.containsExactly(third.id(), second.id(), first.id())
			.doesNotContain(late.id());
		List<AgentThread> page = store.waitingSince(cutoff, 2);
		assertThat(page).extracting(AgentThread::id).containsExactly(third.id(), second.id());
		assertThat(store.waitingSince(page.get(1).pending().since().minusNanos(1), 2)).extracting(AgentThread::id)
			.containsExactly(first.id());
	}

	@Test
	void aFullStoreRefusesALaunchAndDropsNoThread() {
		ThreadStore store = store(2);
		AgentThread first = paused(store, CallKind.FUNCTION_CALL);
		AgentThread second = paused(store, CallKind.HUMAN_CONTACT);
		assertThatExceptionOfType(Overloaded.class).isThrownBy(() -> store.create("one too many"))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isPositive());
		assertThat(store.find(first.id())).isPresent();
		assertThat(store.find(second.id())).isPresent();
		assertThat(store.recent(10)).hasSize(2);
	}

	@Test
	void anIdleThreadExpiresAndFreesItsRoom() {
		ThreadStore store = store(1, Duration.ofMinutes(10));
		AgentThread paused = paused(store, CallKind.FUNCTION_CALL);
		elapse(Duration.ofMinutes(5));
		assertThat(store.find(paused.id())).isPresent();
		elapse(Duration.ofMinutes(11));
		assertThat(store.create("room again")).isNotNull();
		assertThat(store.find(paused.id())).isEmpty();
	}

	/**
	 * Stores a thread that waits, each one a second longer ago than the next.
	 */
	private AgentThread paused(ThreadStore store, CallKind kind) {
		AgentThread thread = store.create("wait for " + kind.jsonName());
		Event call = Event.toolCall(Map.of("intent", "divide", "a", 3, "b", 4));
		PendingCall pending = new PendingCall("call-" + UUID.randomUUID(), kind, this.waits, null, null);
		this.waits = this.waits.plusSeconds(1);
		return store.update(thread.id(), (current) -> current.pause(pending, List.of(call))).orElseThrow();
	}

	/**
	 * Creates a thread launched strictly after the one before.
	 */
	private static AgentThread launchedAfter(ThreadStore store, String message, Instant previous) {
		while (!Instant.now().isAfter(previous)) {
			Thread.onSpinWait();
		}
		return store.create(message);
	}

	/**
	 * A change as announced, and as the store held it when it was announced.
	 *
	 * @param announced the thread the announcement carried
	 * @param stored what {@code find} answered then
	 */
	protected record Announcement(AgentThread announced, AgentThread stored) {

	}

}
