package dev.twelvefactor.agentservice.live;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.ChangesElsewhereMissed;
import dev.twelvefactor.agentservice.thread.ThreadChanged;
import dev.twelvefactor.agentservice.thread.ThreadChangedElsewhere;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.thread.Threading;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Keeps the open event streams of each thread and pushes a thread's new events and status
 * to them when the store announces a change: no thread waits per client, and a slow
 * client delays neither the loop nor the other clients.
 */
@Component
class ThreadStreams implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ThreadStreams.class);

	static final String THREAD_EVENT = "thread-event";

	static final String STATUS = "status";

	/** How long a client waits before it reconnects after the stream ended. */
	private static final long RECONNECT_MILLIS = 1000;

	/** Writers of the streams on Java 17, where each is a platform thread. */
	private static final int PLATFORM_SENDERS = 4;

	private final ConcurrentMap<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();

	private final ThreadStore threads;

	private final LiveProperties properties;

	private final boolean virtual;

	private volatile Executor senders;

	private volatile boolean running;

	ThreadStreams(ThreadStore threads, LiveProperties properties, Environment environment) {
		this.threads = threads;
		this.properties = properties;
		this.virtual = Threading.VIRTUAL.isActive(environment);
	}

	/**
	 * Opens a stream of a thread that sends the events from the given index on, then the
	 * status, then whatever changes.
	 * @param threadId the thread
	 * @param from the index of the first event to send
	 * @return the stream
	 */
	SseEmitter subscribe(UUID threadId, int from) {
		SseEmitter emitter = new SseEmitter(this.properties.streamTimeout().toMillis());
		Subscriber subscriber = new Subscriber(threadId, emitter, from);
		emitter.onCompletion(() -> remove(subscriber));
		emitter.onError((ex) -> remove(subscriber));
		emitter.onTimeout(() -> {
			remove(subscriber);
			emitter.complete();
		});
		this.subscribers.compute(threadId, (id, set) -> {
			Set<Subscriber> added = (set != null) ? set : ConcurrentHashMap.newKeySet();
			added.add(subscriber);
			return added;
		});
		if (!this.running) {
			remove(subscriber);
			emitter.complete();
			return emitter;
		}
		subscriber.signal();
		return emitter;
	}

	@EventListener
	void onChange(ThreadChanged changed) {
		signal(changed.thread().id());
	}

	@EventListener
	void onChangeElsewhere(ThreadChangedElsewhere changed) {
		signal(changed.threadId());
	}

	@EventListener
	void onChangesMissed(ChangesElsewhereMissed missed) {
		this.subscribers.values().forEach((set) -> set.forEach(Subscriber::signal));
	}

	private void signal(UUID threadId) {
		Set<Subscriber> set = this.subscribers.get(threadId);
		if (set != null) {
			set.forEach(Subscriber::signal);
		}
	}

	private void remove(Subscriber subscriber) {
		this.subscribers.computeIfPresent(subscriber.threadId, (id, set) -> {
			set.remove(subscriber);
			return set.isEmpty() ? null : set;
		});
	}

	/**
	 * Starts the senders; a stopped instance starts again, as a paused test context does.
	 */
	@Override
	public void start() {
		this.senders = this.virtual ? new VirtualThreadTaskExecutor("live-stream-")
				: new ThreadPoolExecutor(PLATFORM_SENDERS, PLATFORM_SENDERS, 0, TimeUnit.MILLISECONDS,
						new LinkedBlockingQueue<>(), new CustomizableThreadFactory("live-stream-"));
		this.running = true;
	}

	/**
	 * Ends every stream before the web server's graceful shutdown waits for open
	 * requests, so open streams never hold up a stop; clients reconnect elsewhere.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.subscribers.values().forEach((set) -> set.forEach((subscriber) -> subscriber.emitter.complete()));
		this.subscribers.clear();
		if (this.senders instanceof ExecutorService pool) {
			pool.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * One open stream: it remembers what it sent, and sends in one task at a time
	 * whatever the thread holds beyond that, however many changes were announced
	 * meanwhile.
	 */
	private final class Subscriber {

		private final UUID threadId;

		private final SseEmitter emitter;

		private final AtomicInteger signals = new AtomicInteger();

		private int next;

		private LiveStatus status;

		Subscriber(UUID threadId, SseEmitter emitter, int next) {
			this.threadId = threadId;
			this.emitter = emitter;
			this.next = next;
		}

		void signal() {
			if (this.signals.getAndIncrement() == 0) {
				try {
					ThreadStreams.this.senders.execute(this::drain);
				}
				catch (RejectedExecutionException ex) {
					close();
				}
			}
		}

		private void drain() {
			int pending = this.signals.get();
			while (sendNew()) {
				pending = this.signals.addAndGet(-pending);
				if (pending == 0) {
					return;
				}
			}
		}

		/**
		 * Sends the events and status this stream has not sent yet.
		 * @return whether the stream is still open
		 */
		private boolean sendNew() {
			Optional<AgentThread> found = ThreadStreams.this.threads.find(this.threadId);
			if (found.isEmpty()) {
				close();
				return false;
			}
			AgentThread thread = found.get();
			List<Event> events = thread.events();
			try {
				for (int index = this.next; index < events.size(); index++) {
					this.emitter.send(SseEmitter.event()
						.id(Integer.toString(index))
						.name(THREAD_EVENT)
						.data(LiveEvent.of(index, events.get(index)), MediaType.APPLICATION_JSON));
					this.next = index + 1;
				}
				LiveStatus current = LiveStatus.of(thread);
				if (!current.equals(this.status)) {
					this.emitter.send(SseEmitter.event()
						.name(STATUS)
						.reconnectTime(RECONNECT_MILLIS)
						.data(current, MediaType.APPLICATION_JSON));
					this.status = current;
				}
				return true;
			}
			catch (IOException | IllegalStateException ex) {
				logger.debug("A stream of thread {} closed: {}", this.threadId, ex.getMessage());
				remove(this);
				return false;
			}
		}

		private void close() {
			remove(this);
			this.emitter.complete();
		}

	}

}
