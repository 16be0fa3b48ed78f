package dev.twelvefactor.agentservice.thread;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Where threads live between the steps of their loop and while they wait for a human.
 */
public interface ThreadStore {

	/**
	 * Stores a new running thread that holds the user's message.
	 * @param message the user's message
	 * @return the stored thread
	 */
	AgentThread create(String message);

	Optional<AgentThread> find(UUID id);

	/**
	 * Changes one thread atomically: no other update of the same thread runs between the
	 * read and the write. A change that throws leaves the thread as it was.
	 * @param id the thread to change
	 * @param change computes the new thread from the current one
	 * @return the new thread, or empty when there is no thread with that id
	 */
	Optional<AgentThread> update(UUID id, UnaryOperator<AgentThread> change);

	/**
	 * Removes a thread, for a launch the service could not take after all.
	 * @param id the thread to remove
	 */
	void delete(UUID id);

	/**
	 * A snapshot of every stored thread.
	 * @return the threads, in no particular order
	 */
	Collection<AgentThread> all();

}
