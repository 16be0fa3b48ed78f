package dev.twelvefactor.agentservice.thread;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Where threads live between the steps of their loop and while they wait for a human.
 * Every query is one a database answers from an index; none returns every thread. Each
 * stored change is announced as a {@link ThreadChanged} once it is stored.
 */
public interface ThreadStore {

	/**
	 * Stores a new running thread that holds the user's message, launched through the
	 * API, whose requests go to the default channels.
	 * @param message the user's message
	 * @return the stored thread
	 * @throws Overloaded when the store holds as many threads as it may; none is dropped
	 * to make room
	 */
	default AgentThread create(String message) {
		return create(message, null, null);
	}

	/**
	 * Stores a new running thread that holds the user's message, where it came from and
	 * where its requests go.
	 * @param message the user's message
	 * @param origin where the message came from, {@code null} for the API
	 * @param channel where the thread's requests go, {@code null} for the defaults
	 * @return the stored thread
	 * @throws Overloaded when the store holds as many threads as it may; none is dropped
	 * to make room
	 */
	AgentThread create(String message, Origin origin, Channel channel);

	Optional<AgentThread> find(UUID id);

	/**
	 * Changes one thread atomically: no other update of the same thread is lost between
	 * the read and the write. The change may run more than once (a store retries it when
	 * another update came first), so it must be a pure function of the thread it is given
	 * and have no side effects; only the result of its last run is stored. A change that
	 * throws leaves the thread as it was.
	 * @param id the thread to change
	 * @param change computes the new thread from the current one
	 * @return the new thread, or empty when there is no thread with that id
	 */
	Optional<AgentThread> update(UUID id, UnaryOperator<AgentThread> change);

	/**
	 * The lease this process holds on the work a thread owes, taken by the write that
	 * made it owe work here (a launch, an answer, a retry) or by taking over the work of
	 * a process that is gone. Work begins by reading it and makes its writes under it.
	 * @param id the thread
	 * @return the lease, or empty when another process holds it, the thread owes no work
	 * or there is no such thread
	 */
	default Optional<Lease> lease(UUID id) {
		return find(id).map((thread) -> Lease.SOLE);
	}

	/**
	 * A thread with the lease this process holds on its work, in one read: what a loop
	 * begins with.
	 * @param id the thread
	 * @return the thread and the lease, or empty when {@link #lease(UUID)} would be
	 */
	default Optional<Leased> leased(UUID id) {
		return find(id).map((thread) -> new Leased(thread, Lease.SOLE));
	}

	/**
	 * Changes one thread as {@link #update(UUID, UnaryOperator)} does, as the holder of
	 * its work: the change is stored only while this process still holds the lease it
	 * began the work with.
	 * @param id the thread to change
	 * @param lease the lease the work began with
	 * @param change computes the new thread from the current one
	 * @return the new thread, or empty when there is no thread with that id
	 * @throws LeaseLost when another process took the work over or the work ended;
	 * nothing is stored
	 */
	default Optional<AgentThread> update(UUID id, Lease lease, UnaryOperator<AgentThread> change) {
		return update(id, change);
	}

	/**
	 * Removes a thread, for a launch the service could not take after all.
	 * @param id the thread to remove
	 */
	void delete(UUID id);

	/**
	 * The most recently launched threads.
	 * @param limit how many, at most
	 * @return the threads, newest first
	 */
	List<AgentThread> recent(int limit);

	/**
	 * Whether the work a thread owes ({@link AgentThread#owesWork()}) outlives this
	 * process: a durable store hands it to the next start or to another replica, so a
	 * stopping service leaves such a thread as it is instead of failing it for a retry.
	 * @return true for a store that takes on owed work after a stop
	 */
	default boolean keepsWorkOwed() {
		return false;
	}

	/**
	 * How many threads are in each status.
	 * @return the count of every status, zero included
	 */
	Map<ThreadStatus, Long> countByStatus();

	/**
	 * The paused threads that have waited for their pending call since the cutoff or
	 * longer. Ordered by when they began to wait, latest first, so the next page is asked
	 * for with the last one's {@code since} (less a nanosecond) as the cutoff.
	 * @param cutoff the latest start of a wait to include
	 * @param limit how many, at most
	 * @return the waiting threads, latest wait first
	 */
	List<AgentThread> waitingSince(Instant cutoff, int limit);

}
