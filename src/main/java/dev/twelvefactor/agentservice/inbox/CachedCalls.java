package dev.twelvefactor.agentservice.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of one kind the local inbox holds in memory, with the in-memory store
 * ({@code AGENT_STORE=memory}), bounded like the thread store: a call outlives neither
 * the store's size nor its idle time, since its thread would not. It knows the open calls
 * of each thread, and counts every change of what it lists, so an unchanged list can be
 * told apart without being read.
 *
 * @param <T> function calls or human contacts
 */
final class CachedCalls<T> implements Calls<T> {

	private static final Logger logger = LoggerFactory.getLogger(CachedCalls.class);

	private static final Comparator<Position> NEWEST_FIRST = Comparator.comparing(Position::requestedAt)
		.thenComparing(Position::callId)
		.reversed();

	private final ConcurrentMap<String, InboxCall<T>> calls;

	/** The open calls of each thread, as immutable sets. */
	private final ConcurrentMap<UUID, Set<String>> openByThread = new ConcurrentHashMap<>();

	private final AtomicLong version = new AtomicLong();

	CachedCalls(long maximumSize, Duration idleExpiry) {
		this.calls = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfterAccess(idleExpiry)
			.executor(Runnable::run)
			.removalListener(this::removed)
			.<String, InboxCall<T>>build()
			.asMap();
	}

	private void removed(String callId, InboxCall<T> call, RemovalCause cause) {
		if (cause == RemovalCause.REPLACED || call == null) {
			return;
		}
		forget(callId, call.threadId());
		if (call.state().isOpen()) {
			this.version.incrementAndGet();
			if (cause.wasEvicted()) {
				logger.warn("Inbox: dropped pending call {} ({}).", callId, cause);
			}
		}
	}

	@Override
	public InboxCall<T> add(String callId, InboxCall<T> call) {
		if (this.calls.putIfAbsent(callId, call) != null) {
			throw InboxProblem.alreadyExists(callId);
		}
		if (call.threadId() != null) {
			this.openByThread.compute(call.threadId(), (threadId, open) -> with(open, callId));
		}
		this.version.incrementAndGet();
		return call;
	}

	@Override
	public InboxCall<T> find(String callId) {
		return this.calls.get(callId);
	}

	@Override
	public InboxCall<T> updateIfPresent(String callId, UnaryOperator<InboxCall<T>> change) {
		Object[] before = new Object[1];
		InboxCall<T> changed = this.calls.computeIfPresent(callId, (id, call) -> {
			before[0] = call;
			return change.apply(call);
		});
		if (changed != null && changed != before[0]) {
			this.version.incrementAndGet();
			if (!changed.state().isOpen()) {
				forget(callId, changed.threadId());
			}
		}
		return changed;
	}

	@Override
	public Set<String> openCallsOf(UUID threadId) {
		return this.openByThread.getOrDefault(threadId, Set.of());
	}

	@Override
	public String version() {
		return Long.toString(this.version.get());
	}

	@Override
	public Page<T> pending(Position after, int limit) {
		List<Map.Entry<Position, InboxCall<T>>> found = this.calls.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().state() == CallState.PENDING)
			.map((entry) -> Map.entry(new Position(entry.getValue().requestedAt(), entry.getKey()), entry.getValue()))
			.filter((entry) -> after == null || NEWEST_FIRST.compare(entry.getKey(), after) > 0)
			.sorted(Map.Entry.comparingByKey(NEWEST_FIRST))
			.limit(limit + 1L)
			.toList();
		List<Map.Entry<Position, InboxCall<T>>> page = found.subList(0, Math.min(limit, found.size()));
		Position next = (found.size() > limit) ? page.get(page.size() - 1).getKey() : null;
		return new Page<>(page.stream().map(Map.Entry::getValue).toList(), next);
	}

	private void forget(String callId, UUID threadId) {
		if (threadId != null) {
			this.openByThread.computeIfPresent(threadId, (id, open) -> without(open, callId));
		}
	}

	private static Set<String> with(Set<String> open, String callId) {
		Set<String> changed = (open != null) ? new HashSet<>(open) : new HashSet<>();
		changed.add(callId);
		return Set.copyOf(changed);
	}

	private static Set<String> without(Set<String> open, String callId) {
		Set<String> changed = new HashSet<>(open);
		changed.remove(callId);
		return changed.isEmpty() ? null : Set.copyOf(changed);
	}

}
