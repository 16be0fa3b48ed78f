package dev.twelvefactor.agentservice.webhook;

import java.util.UUID;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a thread for each message that arrives from outside the API, once: a message
 * delivered again (the same email {@code message_id}, the same Slack message, the same
 * {@code webhook-id}) gets the thread the first copy started, as {@link StartedThreads}
 * remembers it.
 */
class InboundThreads {

	private static final Logger logger = LoggerFactory.getLogger(InboundThreads.class);

	private final ThreadStore threads;

	private final ThreadRunner runner;

	private final StartedThreads started;

	InboundThreads(ThreadStore threads, ThreadRunner runner, StartedThreads started) {
		this.threads = threads;
		this.runner = runner;
		this.started = started;
	}

	/**
	 * Starts the message's thread, unless a copy of the message started one.
	 * @param inbound the message
	 * @param webhookId the delivery's {@code webhook-id}, or {@code null}: what makes two
	 * copies of a message without a key of its own the same
	 * @return {@code started} or {@code duplicate}, with the thread's id
	 * @throws Overloaded when no thread can be stored or run now; nothing is kept
	 */
	Receipt start(Inbound inbound, String webhookId) {
		String key = (inbound.key() != null) ? inbound.key() : (webhookId != null) ? "webhook:" + webhookId : null;
		if (key == null) {
			UUID threadId = store(inbound);
			run(threadId, null);
			return new Receipt(Receipt.STARTED, threadId, null);
		}
		StartedThreads.Started thread = this.started.start(key, () -> store(inbound));
		if (!thread.now()) {
			logger.info("Thread {} was started by {} before; the copy starts none.", thread.threadId(), key);
			return new Receipt(Receipt.DUPLICATE, thread.threadId(), null);
		}
		run(thread.threadId(), key);
		return new Receipt(Receipt.STARTED, thread.threadId(), null);
	}

	private UUID store(Inbound inbound) {
		AgentThread thread = this.threads.create(inbound.message(), inbound.origin(), inbound.channel());
		logger.info("Thread {} begins with a message by {}.", thread.id(), inbound.origin().source());
		return thread.id();
	}

	/**
	 * Starts the thread's loop; a thread whose loop finds no room is removed again, and
	 * its key forgotten, as if it never came.
	 */
	private void run(UUID threadId, String key) {
		try {
			this.runner.start(threadId);
		}
		catch (Overloaded ex) {
			this.threads.delete(threadId);
			if (key != null) {
				this.started.forget(key);
			}
			throw ex;
		}
	}

}
