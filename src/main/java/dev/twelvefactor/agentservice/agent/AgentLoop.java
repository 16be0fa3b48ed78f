package dev.twelvefactor.agentservice.agent;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallNotPending;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Lease;
import dev.twelvefactor.agentservice.thread.LeaseLost;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.ThreadCancelled;
import dev.twelvefactor.agentservice.thread.ThreadNotFailed;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import dev.twelvefactor.agentservice.thread.ThreadProperties;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * What the rest of the service sees of the agent: starts a thread's loop, resumes a
 * paused one with an answer, retries a failed one, and on shutdown leaves the threads
 * whose work never ran failed for a retry. The loop itself is {@link StepLoop}.
 */
@Component
class AgentLoop implements ThreadRunner {

	private static final Logger logger = LoggerFactory.getLogger(AgentLoop.class);

	private final ThreadStore threads;

	private final LoopExecutor executor;

	private final StepLoop loop;

	private final HumanRequests requests;

	private final AnswerEvents answers;

	AgentLoop(ThreadStore threads, ModelStep model, Humans humans, AgentProperties properties, ThreadProperties limits,
			LoopExecutor executor, MeterRegistry meters, Steps steps) {
		this.threads = threads;
		this.executor = executor;
		this.requests = new HumanRequests(threads, humans, meters, steps);
		this.answers = new AnswerEvents(steps);
		this.loop = new StepLoop(threads, model, this.requests, properties, limits, meters, steps);
		executor.onAbandoned(this::abandon);
	}

	@Override
	public void start(UUID threadId) {
		this.executor.launch(threadId, () -> this.loop.run(threadId));
	}

	@Override
	public Resumption resume(UUID threadId, HumanAnswer answer) {
		AtomicReference<Resumption> outcome = new AtomicReference<>();
		this.threads.update(threadId, (thread) -> switch (matchUnlessCancelled(thread, answer)) {
			case ALREADY_ANSWERED -> {
				outcome.set(Resumption.DUPLICATE);
				yield thread;
			}
			case NOT_PENDING -> throw new CallNotPending(thread, answer);
			case PENDING -> {
				outcome.set(Resumption.APPLIED);
				yield this.answers.record(thread, answer);
			}
		}).orElseThrow(() -> new ThreadNotFound(threadId.toString()));
		if (outcome.get() == Resumption.APPLIED) {
			logger.debug("Thread {} took the answer to call {} and resumes.", threadId, answer.callId());
			continueLater(threadId, () -> this.loop.run(threadId));
		}
		else {
			logger.info("Thread {} ignored a duplicate answer to call {}.", threadId, answer.callId());
		}
		return outcome.get();
	}

	private static AgentThread.Match matchUnlessCancelled(AgentThread thread, HumanAnswer answer) {
		if (thread.status() == ThreadStatus.CANCELLED) {
			throw new ThreadCancelled(thread,
					"it takes no answer to " + answer.kind().jsonName() + " " + answer.callId() + ".");
		}
		return thread.match(answer.callId(), answer.kind());
	}

	@Override
	public void retry(UUID threadId) {
		AgentThread retried = this.threads.update(threadId, (thread) -> {
			if (thread.status() == ThreadStatus.CANCELLED) {
				throw new ThreadCancelled(thread, "it cannot be retried.");
			}
			if (thread.status() != ThreadStatus.FAILED) {
				throw new ThreadNotFailed(thread);
			}
			return thread.retry();
		}).orElseThrow(() -> new ThreadNotFound(threadId.toString()));
		logger.info("Thread {} retries the step it failed at.", threadId);
		if (retried.isPaused()) {
			String callId = retried.pending().callId();
			continueLater(threadId, () -> this.requests.resend(threadId, callId));
		}
		else {
			continueLater(threadId, () -> this.loop.run(threadId));
		}
	}

	@Override
	public void recover(UUID threadId) {
		AgentThread thread = this.threads.find(threadId).filter(AgentThread::owesWork).orElse(null);
		if (thread == null) {
			return;
		}
		if (thread.status() == ThreadStatus.RUNNING) {
			logger.info("Thread {} was left running; its loop runs again.", threadId);
			continueLater(threadId, () -> this.loop.run(threadId));
		}
		else if (!thread.pending().isSent()) {
			String callId = thread.pending().callId();
			logger.info("Thread {} waits for {}, not confirmed sent; it is sent again if it did not arrive.", threadId,
					callId);
			continueLater(threadId, () -> this.requests.resend(threadId, callId));
		}
		else {
			resetEscalation(threadId, thread.pending());
		}
	}

	/**
	 * Hands an escalation that a process which is gone was sending back to the deadline
	 * check, under the lease taken over with it: once yet another process took it over
	 * (this one stalled past its lease), that one does so, and this one writes nothing.
	 */
	private void resetEscalation(UUID threadId, PendingCall sending) {
		Lease lease = this.threads.lease(threadId).orElse(null);
		if (lease == null) {
			logger.info("Thread {} is not leased to this process; whoever holds it sends the escalation of {}.",
					threadId, sending.callId());
			return;
		}
		try {
			this.threads.update(threadId, lease, (current) -> current.isPaused() && current.pending().equals(sending)
					? current.escalated(null) : current);
			logger.info("Thread {}: the escalation of {} may not have been sent; the deadline check sends it again.",
					threadId, sending.callId());
		}
		catch (LeaseLost ex) {
			logger.info("Thread {}: another process took on the escalation of {} meanwhile: {}", threadId,
					sending.callId(), ex.getMessage());
		}
	}

	/**
	 * Queues the work that continues a thread whose change is already stored; if the
	 * service is stopping and takes no more, the thread is handed on (a durable store) or
	 * left failed for a retry rather than running with nothing to run it.
	 */
	private void continueLater(UUID threadId, Runnable work) {
		try {
			this.executor.resume(threadId, work);
		}
		catch (Overloaded ex) {
			abandon(threadId);
			throw ex;
		}
	}

	/**
	 * Leaves a thread whose queued work never ran because the service stopped to the next
	 * start or another replica, when the store keeps owed work; else marks it failed, so
	 * a retry can continue it.
	 */
	private void abandon(UUID threadId) {
		if (this.threads.keepsWorkOwed()) {
			logger.info("Thread {} is left owing work for the next start or another replica to take on.", threadId);
			return;
		}
		this.threads.update(threadId, (thread) -> {
			if (thread.status() == ThreadStatus.RUNNING) {
				return thread.fail("The service stopped before the loop ran; retry to continue.",
						Failure.Step.EXECUTOR);
			}
			if (thread.isPaused()) {
				return thread.fail("The service stopped before the request was sent; retry to send it.",
						Failure.Step.HUMAN_REQUEST);
			}
			return thread;
		});
	}

}
