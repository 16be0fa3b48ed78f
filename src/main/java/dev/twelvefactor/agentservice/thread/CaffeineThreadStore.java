package dev.twelvefactor.agentservice.thread;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Keeps threads in memory, bounded in number and idle time, logs each one it has to drop,
 * and announces each change as a {@link ThreadChanged}.
 */
@Component
class CaffeineThreadStore implements ThreadStore {

	private static final Logger logger = LoggerFactory.getLogger(CaffeineThreadStore.class);

	private final Cache<UUID, AgentThread> threads;

	private final ApplicationEventPublisher events;

	CaffeineThreadStore(ThreadProperties properties, ApplicationEventPublisher events) {
		this.events = events;
		this.threads = Caffeine.newBuilder()
			.maximumSize(properties.store().maximumSize())
			.expireAfterAccess(properties.store().idleExpiry())
			.removalListener(CaffeineThreadStore::logEviction)
			.build();
	}

	@Override
	public AgentThread create(String message) {
		AgentThread thread = AgentThread.launch(UUID.randomUUID(), message);
		this.threads.put(thread.id(), thread);
		this.events.publishEvent(new ThreadChanged(thread));
		return thread;
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
		this.threads.invalidate(id);
	}

	@Override
	public Collection<AgentThread> all() {
		return List.copyOf(this.threads.asMap().values());
	}

	private static void logEviction(UUID id, AgentThread thread, RemovalCause cause) {
		if (cause.wasEvicted() && thread != null) {
			logger.warn("Thread {} was dropped from the store ({}) while {}.", id, cause, thread.status().jsonName());
		}
	}

}
