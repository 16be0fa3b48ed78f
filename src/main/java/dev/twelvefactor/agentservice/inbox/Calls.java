package dev.twelvefactor.agentservice.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The calls of one kind the local inbox holds: in memory ({@link CachedCalls}) with the
 * in-memory store, in the store's database ({@link JdbcCalls}) with a durable one. Each
 * change of a call is atomic; the open calls of a thread and the pending list are
 * queries.
 *
 * @param <T> function calls or human contacts
 */
interface Calls<T> {

	/**
	 * Takes a new call.
	 * @param callId its id
	 * @param call the call
	 * @return the call
	 * @throws InboxProblem {@code call-exists} when the inbox has a call with this id
	 */
	InboxCall<T> add(String callId, InboxCall<T> call);

	/**
	 * A call, if the inbox holds it.
	 * @param callId its id
	 * @return the call, or {@code null}
	 */
	InboxCall<T> find(String callId);

	/**
	 * A call the inbox must hold.
	 * @param callId its id
	 * @return the call
	 * @throws InboxProblem {@code call-not-found}
	 */
	default InboxCall<T> get(String callId) {
		InboxCall<T> call = find(callId);
		if (call == null) {
			throw InboxProblem.unknownCall(callId);
		}
		return call;
	}

	/**
	 * Changes one call atomically; a change that throws leaves it as it was. The change
	 * may run more than once, so it must be a pure function of the call.
	 * @param callId the call
	 * @param change computes the call from the current one
	 * @return the call as changed
	 * @throws InboxProblem {@code call-not-found}
	 */
	default InboxCall<T> update(String callId, UnaryOperator<InboxCall<T>> change) {
		InboxCall<T> changed = updateIfPresent(callId, change);
		if (changed == null) {
			throw InboxProblem.unknownCall(callId);
		}
		return changed;
	}

	/**
	 * Changes one call atomically, if the inbox still holds it. The change may run more
	 * than once, so it must be a pure function of the call.
	 * @param callId the call
	 * @param change computes the call from the current one
	 * @return the call as changed, or {@code null} when the inbox holds no such call
	 */
	InboxCall<T> updateIfPresent(String callId, UnaryOperator<InboxCall<T>> change);

	/**
	 * The calls of a thread someone may still answer here.
	 * @param threadId the thread
	 * @return their ids
	 */
	Set<String> openCallsOf(UUID threadId);

	/**
	 * Tells the versions of what {@link #pending} lists apart.
	 * @return a token that changes whenever the list may have
	 */
	String version();

	/**
	 * One page of the pending calls, newest first.
	 * @param after where the previous page ended, or {@code null} for the first page
	 * @param limit how many calls, at most
	 * @return the calls, and where the next page starts when there is one
	 */
	Page<T> pending(Position after, int limit);

	/**
	 * Whether an answer given here outlives this process: a durable inbox keeps an answer
	 * it could not deliver yet and delivers it later (its outbox), where the in-memory
	 * one puts the call back in the list.
	 * @return true for the durable inbox
	 */
	default boolean keepsAnswers() {
		return false;
	}

	/**
	 * The calls whose answer is due to be delivered again ({@link InboxCall.Outbox}).
	 * @param now the time
	 * @param limit how many, at most
	 * @return their ids, the longest due first
	 */
	default List<String> due(Instant now, int limit) {
		return List.of();
	}

	/**
	 * Deletes what the inbox keeps no longer: calls nobody changed for the store's idle
	 * time, and the oldest beyond its size.
	 */
	default void sweep() {
	}

	/**
	 * Where a call stands in the list: the newest first, calls taken at the same instant
	 * by id. Written as an opaque cursor for the next page.
	 *
	 * @param requestedAt when the inbox took the call
	 * @param callId the call's id
	 */
	record Position(Instant requestedAt, String callId) {

		String cursor() {
			byte[] position = (this.requestedAt + " " + this.callId).getBytes(StandardCharsets.UTF_8);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(position);
		}

		static Position of(String cursor) {
			try {
				String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int space = position.indexOf(' ');
				return new Position(Instant.parse(position.substring(0, space)), position.substring(space + 1));
			}
			catch (IllegalArgumentException | DateTimeParseException | IndexOutOfBoundsException ex) {
				throw InboxProblem.invalid("The cursor is not one this inbox gave.");
			}
		}

	}

	/**
	 * A page of pending calls.
	 *
	 * @param <T> function calls or human contacts
	 * @param calls the calls, newest first
	 * @param next where the next page starts, or {@code null} on the last page
	 */
	record Page<T>(List<InboxCall<T>> calls, Position next) {
	}

}
