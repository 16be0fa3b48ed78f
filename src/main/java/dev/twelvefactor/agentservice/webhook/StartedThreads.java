package dev.twelvefactor.agentservice.webhook;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Which thread each message from outside the API started, by what makes two deliveries
 * the same message (an email's {@code message_id}, a Slack message, a delivery's
 * {@code webhook-id}), so that a copy starts none. Kept in memory by default; a durable
 * store keeps each key with its thread, written together, so a copy that arrives after a
 * restart or at another replica starts none either.
 */
public interface StartedThreads {

	/**
	 * The thread a message started: stored now by {@code create} when no thread was
	 * started for its key within the retention window. Copies that arrive together wait
	 * for each other, so {@code create} runs for one of them only.
	 * @param key what makes two deliveries the same message
	 * @param create stores the message's thread and returns its id
	 * @return the thread, and whether it was started now
	 */
	Started start(String key, Supplier<UUID> create);

	/**
	 * Forgets a key whose thread was removed again (its loop found no room), so a copy
	 * that comes later starts one.
	 * @param key the message's key
	 */
	void forget(String key);

	/**
	 * The thread a message started.
	 *
	 * @param threadId its id
	 * @param now whether it was started by this delivery, not by an earlier copy
	 */
	record Started(UUID threadId, boolean now) {

	}

}
