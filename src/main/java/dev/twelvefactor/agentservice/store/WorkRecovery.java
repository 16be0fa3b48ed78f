package dev.twelvefactor.agentservice.store;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.twelvefactor.agentservice.thread.ThreadRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Makes the work a thread owes outlive the process that owed it. The file store is one
 * process: at its start it takes on every thread a process before it left owing work. On
 * PostgreSQL, replicas come and go: each renews its leases every third of their time, and
 * every second takes on the threads whose leases expired, longest expired first.
 */
class WorkRecovery implements SchedulingConfigurer, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WorkRecovery.class);

	/** How many threads one claim takes on, at most. */
	static final int PAGE = 100;

	private static final Duration CLAIM_INTERVAL = Duration.ofSeconds(1);

	/** Stops after the loops' executor, which leaves its queued loops owing work. */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private volatile boolean running;

	private final Leases leases;

	private final ThreadRunner runner;

	private final boolean replicated;

	private final Duration ttl;

	WorkRecovery(Leases leases, ThreadRunner runner, boolean replicated, Duration ttl) {
		this.leases = leases;
		this.runner = runner;
		this.replicated = replicated;
		this.ttl = ttl;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (this.replicated) {
			registrar.addFixedDelayTask(this::renew, this.ttl.dividedBy(3));
			registrar.addFixedDelayTask(this::claimExpired, CLAIM_INTERVAL);
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void recoverAtStart() {
		if (this.replicated) {
			claimExpired();
			return;
		}
		int recovered = 0;
		List<UUID> claimed;
		do {
			claimed = this.leases.claim(false, PAGE);
			claimed.forEach(this::recover);
			recovered += claimed.size();
		}
		while (claimed.size() == PAGE);
		if (recovered > 0) {
			logger.info("Took on {} threads that the last run of the service left owing work.", recovered);
		}
	}

	void renew() {
		this.leases.renew();
	}

	void claimExpired() {
		if (!this.running) {
			return;
		}
		List<UUID> claimed = this.leases.claim(true, PAGE);
		if (!claimed.isEmpty()) {
			logger.info("Took on {} threads whose replica's lease expired.", claimed.size());
			claimed.forEach(this::recover);
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Takes on no more work, and hands this replica's leases on: on PostgreSQL another
	 * replica takes them at once, and the file store's next start takes them too.
	 */
	@Override
	public void stop() {
		this.running = false;
		int released = this.leases.release();
		if (released > 0) {
			logger.info("Handed on {} threads that owe work.", released);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Only a real stop hands leases on: a context Spring merely pauses keeps them.
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

	private void recover(UUID threadId) {
		try {
			this.runner.recover(threadId);
		}
		catch (RuntimeException ex) {
			logger.warn("Thread {} could not be taken on.", threadId, ex);
		}
	}

}
