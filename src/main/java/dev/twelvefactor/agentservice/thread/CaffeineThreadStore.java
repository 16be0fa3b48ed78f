package dev.twelvefactor.agentservice.thread;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Keeps threads in memory, bounded in number and idle time, and announces each change as
 * a {@link ThreadChanged}. No thread is ever dropped for room: a full store refuses new
 * launches, and only idle expiry removes a thread, which is logged and counted as
 * {@code agent.threads.expired}. The store of {@code AGENT_STORE=memory}, the default.
 */
@Component
@ConditionalOnProperty(name = "agent.store.type", havingValue = "memory", matchIfMissing = true)
class CaffeineThreadStore implements ThreadStore {

	private static final Logger logger = LoggerFactory.getLogger(CaffeineThreadStore.class);

	/** What a client refused for a full store is told to wait. */
	private static final Duration RETRY_AFTER = Duration.ofMinutes(1);

	private static final Comparator<AgentThread> NEWEST_FIRST = Comparator.comparing(AgentThread::createdAt).reversed();

	private static final Comparator<AgentThread> LATEST_WAIT_FIRST = Comparator
		.comparing((AgentThread thread) -> thread.pending().since())
		.reversed();

	private final Cache<UUID, AgentThread> threads;

	private final AtomicLong stored = new AtomicLong();

	private final long maximumSize;

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	@Autowired
	CaffeineThreadStore(ThreadProperties properties, ApplicationEventPublisher events, MeterRegistry meters) {
		this(properties, events, meters, Ticker.systemTicker());
	}

	CaffeineThreadStore(ThreadProperties properties, ApplicationEventPublisher events, MeterRegistry meters,
			Ticker ticker) {
		this.maximumSize = properties.store().maximumSize();
		this.events = events;
		this.meters = meters;
		this.threads = Caffeine.newBuilder()
			.expireAfterAccess(properties.store().idleExpiry())
			.ticker(ticker)
			// expiry runs on the caller, so a full store counts what expired before it
			// refuses
			.executor(Runnable::run)
			.evictionListener(this::expired)
			.build();
	}

	@Override
	public AgentThread create(String message, Origin origin, Channel channel) {
		reserve();
		AgentThread thread = AgentThread.launch(UUID.randomUUID(), message, origin, channel);
		this.threads.put(thread.id(), thread);
		this.events.publishEvent(new ThreadChanged(thread));
		return thread;
	}

	/**
	 * Takes room for one more thread, after letting idle threads expire, or refuses.
	 */
	private void reserve() {
		if (this.stored.incrementAndGet() <= this.maximumSize) {
			return;
		}
		this.threads.cleanUp();
		if (this.stored.get() <= this.maximumSize) {
			return;
		}
		this.stored.decrementAndGet();
		throw new Overloaded("The store holds its maximum of " + this.maximumSize
				+ " threads, and drops none that may still be answered; try again later.", RETRY_AFTER);
	}

	@Override
	public Optional<AgentThread> find(UUID id) {
		return Optional.ofNullable(this.threads.getIfPresent(id));
	}

	@Override
	public Optional<AgentThread> update(UUID id, UnaryOperator<AgentThread> change) {
		AgentThread changed = this.threads.asMap().computeIfPresent(id, (key, thread) -> change.apply(thread));
		if (changed != null) {
			this.events.publishEvent(new ThreadChanged(changed));
		}
		return Optional.ofNullable(changed);
	}

	@Override
	public void delete(UUID id) {
		if (this.threads.asMap().remove(id) != null) {
			this.stored.decrementAndGet();
		}
	}

	@Override
	public List<AgentThread> recent(int limit) {
		return this.threads.asMap().values().stream().sorted(NEWEST_FIRST).limit(limit).toList();
	}

	@Override
	public Map<ThreadStatus, Long> countByStatus() {
		Map<ThreadStatus, Long> counts = new EnumMap<>(ThreadStatus.class);
		for (ThreadStatus status : ThreadStatus.values()) {
			counts.put(status, 0L);
		}
		for (AgentThread thread : this.threads.asMap().values()) {
			counts.merge(thread.status(), 1L, Long::sum);
		}
		return Collections.unmodifiableMap(counts);
	}

	@Override
	public List<AgentThread> waitingSince(Instant cutoff, int limit) {
		return this.threads.asMap()
			.values()
			.stream()
			.filter((thread) -> thread.isPaused() && !thread.pending().since().isAfter(cutoff))
			.sorted(LATEST_WAIT_FIRST)
			.limit(limit)
			.toList();
	}

	private void expired(UUID id, AgentThread thread, RemovalCause cause) {
		this.stored.decrementAndGet();
		String status = (thread != null) ? thread.status().jsonName() : "unknown";
		this.meters.counter("agent.threads.expired", "status", status).increment();
		logger.warn("Thread {} was dropped from the store ({}) while {}.", id, cause, status);
	}

}
