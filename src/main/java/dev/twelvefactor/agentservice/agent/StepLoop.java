package dev.twelvefactor.agentservice.agent;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import dev.twelvefactor.agentservice.agent.NextStep.Calculation;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.ThreadProperties;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run of a thread's loop: asks the model for the next step, runs calculator tools at
 * once, and pauses the thread on a request to a human; stops the thread with a reason at
 * any of its bounds (steps, errors in a row, size).
 */
final class StepLoop {

	private static final Logger logger = LoggerFactory.getLogger(StepLoop.class);

	private final ThreadStore threads;

	private final ModelStep model;

	private final HumanRequests requests;

	private final AgentProperties properties;

	private final ThreadProperties limits;

	private final MeterRegistry meters;

	private final Calculator calculator;

	StepLoop(ThreadStore threads, ModelStep model, HumanRequests requests, AgentProperties properties,
			ThreadProperties limits, MeterRegistry meters, Calculator calculator) {
		this.calculator = calculator;
		this.threads = threads;
		this.model = model;
		this.requests = requests;
		this.properties = properties;
		this.limits = limits;
		this.meters = meters;
	}

	/**
	 * Runs the thread until it pauses, fails or stops running.
	 * @param threadId the thread
	 */
	void run(UUID threadId) {
		MDC.put("thread_id", threadId.toString());
		try {
			loop(threadId);
		}
		catch (RuntimeException ex) {
			logger.error("Thread {} failed.", threadId, ex);
			failIfRunning(threadId, "The loop failed: " + Reasons.of(ex), Failure.Step.MODEL);
		}
		finally {
			MDC.remove("thread_id");
		}
	}

	private void loop(UUID threadId) {
		for (int steps = 0;; steps++) {
			AgentThread thread = this.threads.find(threadId).orElse(null);
			if (thread == null || thread.status() != ThreadStatus.RUNNING) {
				return;
			}
			String oversize = this.limits.oversize(thread);
			if (oversize != null) {
				failIfRunning(threadId, oversize, Failure.Step.LOOP_LIMIT);
				return;
			}
			if (thread.consecutiveErrors() >= this.properties.maxConsecutiveErrors()) {
				failIfRunning(threadId, "Stopped after " + thread.consecutiveErrors() + " errors in a row; the last: "
						+ thread.lastEvent().data(), Failure.Step.LOOP_LIMIT);
				return;
			}
			if (steps >= this.properties.maxSteps()) {
				failIfRunning(threadId, "Stopped after " + steps + " steps without pausing for a human.",
						Failure.Step.LOOP_LIMIT);
				return;
			}
			NextStep next;
			try {
				next = this.model.next(thread);
				this.calculator.checkOperands(next);
			}
			catch (InvalidNextStep ex) {
				logger.info("Thread {} got an invalid next step: {}", threadId, ex.getMessage());
				if (!append(thread, Event.error(ex.getMessage()))) {
					return;
				}
				continue;
			}
			catch (RuntimeException ex) {
				logger.warn("Thread {} could not get its next step.", threadId, ex);
				String reason = "The model could not decide the next step: " + Reasons.of(ex);
				record(thread, (current) -> current.fail(reason, Failure.Step.MODEL));
				return;
			}
			this.meters.counter("agent.loop.steps", "intent", next.intent().wireName()).increment();
			if (!take(thread, next)) {
				return;
			}
		}
	}

	/**
	 * Carries out a step the model chose for the thread as it saw it.
	 * @return whether the loop goes on
	 */
	private boolean take(AgentThread seen, NextStep next) {
		Event call = Event.toolCall(next.toData());
		if (next instanceof Calculation calculation) {
			if (!calculation.needsApproval()) {
				return append(seen, call, AnswerEvents.calculate(this.calculator, calculation));
			}
			try {
				Calculator.check(calculation);
			}
			catch (ArithmeticException ex) {
				return append(seen, call, Event.error(ex.getMessage()));
			}
		}
		CallKind kind = HumanRequests.kindOf(next);
		PendingCall pending = new PendingCall(HumanRequests.newCallId(kind), kind);
		if (record(seen, (thread) -> thread.pause(pending, List.of(call)))) {
			logger.debug("Thread {} waits for {} {}.", seen.id(), kind.jsonName(), pending.callId());
			this.requests.ask(seen, pending.callId(), next);
		}
		return false;
	}

	private boolean append(AgentThread seen, Event... events) {
		return record(seen, (thread) -> thread.append(List.of(events)));
	}

	/**
	 * Records a step on the thread as the model saw it. When the thread changed
	 * meanwhile, another run of its loop recorded this step first (one started again
	 * after a crash, while this one still waited for the model): the model was asked
	 * twice, but only the first answer counts, and this run stops.
	 * @return whether the step was recorded
	 */
	private boolean record(AgentThread seen, UnaryOperator<AgentThread> step) {
		AtomicBoolean recorded = new AtomicBoolean();
		this.threads.update(seen.id(), (thread) -> {
			recorded.set(thread.status() == ThreadStatus.RUNNING && thread.updatedAt().equals(seen.updatedAt())
					&& thread.events().size() == seen.events().size());
			return recorded.get() ? step.apply(thread) : thread;
		});
		if (!recorded.get()) {
			logger.info("Thread {} changed while its model step ran; another run recorded the step.", seen.id());
		}
		return recorded.get();
	}

	private void failIfRunning(UUID threadId, String reason, Failure.Step step) {
		this.threads.update(threadId,
				(thread) -> (thread.status() == ThreadStatus.RUNNING) ? thread.fail(reason, step) : thread);
		logger.warn("Thread {} failed: {}", threadId, reason);
	}

}
