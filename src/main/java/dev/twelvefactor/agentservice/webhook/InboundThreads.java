package dev.twelvefactor.agentservice.webhook;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a thread for each message that arrives from outside the API, once: a message
 * delivered again (the same email {@code message_id}, the same Slack message) gets the
 * thread the first copy started. Copies that arrive together wait for each other, so only
 * one of them stores a thread.
 */
class InboundThreads {

	private static final Logger logger = LoggerFactory.getLogger(InboundThreads.class);

	static final long MAXIMUM_SIZE = RecentDeliveries.MAXIMUM_SIZE;

	static final Duration RETENTION = RecentDeliveries.RETENTION;

	private final ThreadStore threads;

	private final ThreadRunner runner;

	private final Cache<String, UUID> started = Caffeine.newBuilder()
		.maximumSize(MAXIMUM_SIZE)
		.expireAfterWrite(RETENTION)
		.build();

	InboundThreads(ThreadStore threads, ThreadRunner runner) {
		this.threads = threads;
		this.runner = runner;
	}

	/**
	 * Starts the message's thread, unless a copy of the message started one.
	 * @param inbound the message
	 * @return {@code started} or {@code duplicate}, with the thread's id
	 * @throws Overloaded when no thread can be stored or run now; nothing is kept
	 */
	Receipt start(Inbound inbound) {
		if (inbound.key() == null) {
			return new Receipt(Receipt.STARTED, launch(inbound), null);
		}
		boolean[] launched = new boolean[1];
		UUID threadId = this.started.get(inbound.key(), (key) -> {
			launched[0] = true;
			return launch(inbound);
		});
		if (!launched[0]) {
			logger.info("Thread {} was started by {} before; the copy starts none.", threadId, inbound.key());
			return new Receipt(Receipt.DUPLICATE, threadId, null);
		}
		return new Receipt(Receipt.STARTED, threadId, null);
	}

	/**
	 * Stores the thread and starts its loop; a thread whose loop finds no room is removed
	 * again, and its key forgotten, as if it never came.
	 */
	private UUID launch(Inbound inbound) {
		AgentThread thread = this.threads.create(inbound.message(), inbound.origin(), inbound.channel());
		try {
			this.runner.start(thread.id());
		}
		catch (Overloaded ex) {
			this.threads.delete(thread.id());
			throw ex;
		}
		logger.info("Thread {} begins with a message by {}.", thread.id(), inbound.origin().source());
		return thread.id();
	}

}
