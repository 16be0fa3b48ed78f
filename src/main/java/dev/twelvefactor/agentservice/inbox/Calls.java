package dev.twelvefactor.agentservice.inbox;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of one kind the local inbox holds, each answered at most once, bounded like
 * the thread store: a call outlives neither the store's size nor its idle time, since its
 * thread would not.
 *
 * @param <T> function calls or human contacts
 */
final class Calls<T> {

	private static final Logger logger = LoggerFactory.getLogger(Calls.class);

	private final ConcurrentMap<String, T> calls;

	private final Predicate<T> answered;

	private final Comparator<T> newestFirst;

	Calls(Predicate<T> answered, Function<T, String> requestedAt, long maximumSize, Duration idleExpiry) {
		this.answered = answered;
		this.newestFirst = Comparator.comparing(requestedAt).reversed();
		this.calls = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfterAccess(idleExpiry)
			.executor(Runnable::run)
			.removalListener(this::logDropped)
			.<String, T>build()
			.asMap();
	}

	private void logDropped(String callId, T call, RemovalCause cause) {
		if (cause.wasEvicted() && call != null && !this.answered.test(call)) {
			logger.warn("Inbox: dropped pending call {} ({}).", callId, cause);
		}
	}

	T add(String callId, T call) {
		if (this.calls.putIfAbsent(callId, call) != null) {
			throw InboxProblem.alreadyExists(callId);
		}
		return call;
	}

	T get(String callId) {
		T call = this.calls.get(callId);
		if (call == null) {
			throw InboxProblem.unknownCall(callId);
		}
		return call;
	}

	List<T> pending() {
		return this.calls.values().stream().filter(this.answered.negate()).sorted(this.newestFirst).toList();
	}

	/**
	 * Records an answer, refusing a second one.
	 * @param callId the call answered
	 * @param answer computes the answered call from the pending one
	 * @return the answered call
	 */
	T answer(String callId, UnaryOperator<T> answer) {
		T answered = this.calls.computeIfPresent(callId, (id, call) -> {
			if (this.answered.test(call)) {
				throw InboxProblem.alreadyAnswered(callId);
			}
			return answer.apply(call);
		});
		if (answered == null) {
			throw InboxProblem.unknownCall(callId);
		}
		return answered;
	}

	/**
	 * Puts a call back to pending after its answer could not be delivered.
	 * @param answered the call as answered
	 * @param pending the call as it was
	 * @param callId its id
	 */
	void revert(String callId, T answered, T pending) {
		this.calls.replace(callId, answered, pending);
	}

}
