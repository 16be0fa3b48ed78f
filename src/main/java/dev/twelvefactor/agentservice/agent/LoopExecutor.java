package dev.twelvefactor.agentservice.agent;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.twelvefactor.agentservice.thread.Overloaded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Runs loops on a bounded number of workers (virtual threads on Java 21+), refuses
 * launches beyond a bounded queue rather than piling them up, and on shutdown lets
 * running steps finish and hands back the loops that never started.
 */
@Component
class LoopExecutor implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(LoopExecutor.class);

	/** Stops after the web server stops taking requests and before it closes. */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

	/**
	 * How long a worker waits for more work before it ends: an idle service keeps none.
	 */
	private static final long IDLE_WORKER_SECONDS = 60;

	private final AgentProperties.Executor properties;

	private final Duration shutdownGrace;

	private final Supplier<ExecutorService> workers;

	private volatile ExecutorService pool;

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile boolean accepting = true;

	private volatile Consumer<UUID> abandoned = (threadId) -> {
	};

	@Autowired
	LoopExecutor(AgentProperties agent, LifecycleProperties lifecycle, Environment environment) {
		this(agent.executor(), lifecycle.getTimeoutPerShutdownPhase(),
				() -> workers(agent.executor(), Threading.VIRTUAL.isActive(environment)));
		logger.info("Loops run on up to {} {} threads, with {} more launches queued.", this.properties.maxConcurrent(),
				Threading.VIRTUAL.isActive(environment) ? "virtual" : "platform", this.properties.queueCapacity());
	}

	/**
	 * Runs loops on workers from the given source, which must run at most
	 * {@code properties.maxConcurrent()} of them at once; a stopped executor that starts
	 * again takes new workers.
	 * @param properties the bounds
	 * @param shutdownGrace how long running steps may take to finish when the service
	 * stops: the same time Spring gives each phase of the shutdown
	 * @param workers makes the workers
	 */
	LoopExecutor(AgentProperties.Executor properties, Duration shutdownGrace, Supplier<ExecutorService> workers) {
		this.properties = properties;
		this.shutdownGrace = shutdownGrace;
		this.workers = workers;
		this.pool = workers.get();
	}

	private static ExecutorService workers(AgentProperties.Executor properties, boolean virtual) {
		ThreadFactory threads = virtual ? new VirtualThreadTaskExecutor("agent-loop-").getVirtualThreadFactory()
				: new CustomizableThreadFactory("agent-loop-");
		ThreadPoolExecutor pool = new ThreadPoolExecutor(properties.maxConcurrent(), properties.maxConcurrent(),
				IDLE_WORKER_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	/**
	 * Tells what to do with the threads whose loops never ran because the service
	 * stopped.
	 * @param abandoned called once for each such thread
	 */
	void onAbandoned(Consumer<UUID> abandoned) {
		this.abandoned = abandoned;
	}

	/**
	 * Runs a new thread's loop, if there is room.
	 * @param threadId the thread
	 * @param loop its loop
	 * @throws Overloaded when the running loops and the queue are full, or the service
	 * stops
	 */
	void launch(UUID threadId, Runnable loop) {
		if (this.inFlight.incrementAndGet() > this.properties.maxConcurrent() + this.properties.queueCapacity()) {
			this.inFlight.decrementAndGet();
			throw new Overloaded(
					"The service runs " + this.properties.maxConcurrent() + " loops and has "
							+ this.properties.queueCapacity() + " waiting; try again later.",
					this.properties.retryAfter());
		}
		submit(threadId, loop);
	}

	/**
	 * Runs a loop that continues a thread: an answer already taken is never refused for
	 * lack of room, only queued.
	 * @param threadId the thread
	 * @param loop its loop
	 * @throws Overloaded when the service stops
	 */
	void resume(UUID threadId, Runnable loop) {
		this.inFlight.incrementAndGet();
		submit(threadId, loop);
	}

	private void submit(UUID threadId, Runnable loop) {
		if (!this.accepting) {
			this.inFlight.decrementAndGet();
			throw new Overloaded("The service is shutting down.", this.properties.retryAfter());
		}
		this.pool.execute(new Task(threadId, () -> {
			try {
				loop.run();
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		}));
	}

	@Override
	public void start() {
		if (this.pool.isShutdown()) {
			this.pool = this.workers.get();
		}
		this.accepting = true;
	}

	/**
	 * Lets running steps finish within the grace period, interrupts those still running
	 * and waits (once more that long) until they have ended, so none outlives the
	 * executor and writes to a store that closes after it; then hands back the loops that
	 * never started.
	 */
	@Override
	public void stop() {
		this.accepting = false;
		this.pool.shutdown();
		if (!awaitTermination()) {
			logger.warn("Loops still ran after {}; interrupting them.", this.shutdownGrace);
		}
		List<Runnable> neverRan = this.pool.shutdownNow();
		if (!awaitTermination()) {
			logger.warn("Loops still ran {} after they were interrupted; they may fail as the service closes.",
					this.shutdownGrace);
		}
		for (Runnable task : neverRan) {
			this.abandoned.accept(((Task) task).threadId());
		}
	}

	private boolean awaitTermination() {
		try {
			return this.pool.awaitTermination(this.shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.accepting;
	}

	/**
	 * Stopping hands back the queued loops as failed, which only a real stop should do: a
	 * context Spring merely pauses (a cached test context) keeps running its loops.
	 * @return false
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private record Task(UUID threadId, Runnable body) implements Runnable {

		@Override
		public void run() {
			this.body.run();
		}

	}

}
