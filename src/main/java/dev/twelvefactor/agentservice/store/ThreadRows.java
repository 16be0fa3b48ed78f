package dev.twelvefactor.agentservice.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.twelvefactor.agentservice.thread.Lease;

/**
 * Writes the rows of {@code agent_thread}: a new thread, leased to this replica, and a
 * new version of one, written only if the row still has the version it was made from
 * (and, for a write under a lease, is still leased to this replica at its epoch); and
 * reads the version and lease of a thread where its loop starts.
 */
interface ThreadRows {

	/**
	 * Inserts a new thread at version 0, leased to this replica.
	 * @param row the row
	 */
	void insert(Insert row);

	/**
	 * Writes a new version of a thread if its row is still as the change expects.
	 * @param row the change
	 * @return whether it was written
	 */
	boolean update(Update row);

	/**
	 * Reads the version of a thread leased to this replica, with the lease's epoch.
	 * @param id the thread
	 * @return the version and epoch, or empty when the thread is not leased to this
	 * replica
	 */
	Optional<Held> held(UUID id);

	/**
	 * The version of a thread's row and the epoch of this replica's lease on it.
	 *
	 * @param version the row's version
	 * @param epoch the lease's epoch
	 */
	record Held(long version, long epoch) {

	}

	/**
	 * A new thread's row.
	 *
	 * @param id the thread's id
	 * @param status its status
	 * @param body the thread as JSON
	 * @param createdAt when it was launched
	 * @param updatedAt when the store wrote it
	 * @param waitingSince {@code waiting_since}, or {@code null}
	 */
	record Insert(UUID id, String status, String body, Instant createdAt, Instant updatedAt, Long waitingSince) {

	}

	/**
	 * A new version of a thread's row.
	 *
	 * @param id the thread's id
	 * @param version the version it was made from
	 * @param fence the lease the write is fenced by, or {@code null} for none
	 * @param lease what the write does to the lease
	 * @param status the new status
	 * @param body the thread as JSON
	 * @param updatedAt when the store wrote it
	 * @param waitingSince {@code waiting_since}, or {@code null}
	 */
	record Update(UUID id, long version, Lease fence, LeaseChange lease, String status, String body, Instant updatedAt,
			Long waitingSince) {

	}

}
