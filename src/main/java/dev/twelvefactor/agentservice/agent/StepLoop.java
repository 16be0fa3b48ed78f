package dev.twelvefactor.agentservice.agent;

import java.util.List;
import java.util.UUID;

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
				append(threadId, Event.error(ex.getMessage()));
				continue;
			}
			catch (RuntimeException ex) {
				logger.warn("Thread {} could not get its next step.", threadId, ex);
				failIfRunning(threadId, "The model could not decide the next step: " + Reasons.of(ex),
						Failure.Step.MODEL);
				return;
			}
			this.meters.counter("agent.loop.steps", "intent", next.intent().wireName()).increment();
			if (!take(threadId, next)) {
				return;
			}
		}
	}

	/**
	 * Carries out a step.
	 * @return whether the loop goes on
	 */
	private boolean take(UUID threadId, NextStep next) {
		Event call = Event.toolCall(next.toData());
		if (next instanceof Calculation calculation) {
			if (!calculation.needsApproval()) {
				append(threadId, call, AnswerEvents.calculate(this.calculator, calculation));
				return true;
			}
			try {
				Calculator.check(calculation);
			}
			catch (ArithmeticException ex) {
				append(threadId, call, Event.error(ex.getMessage()));
				return true;
			}
		}
		CallKind kind = HumanRequests.kindOf(next);
		PendingCall pending = new PendingCall(HumanRequests.newCallId(kind), kind);
		this.threads.update(threadId, (thread) -> thread.pause(pending, List.of(call)));
		logger.debug("Thread {} waits for {} {}.", threadId, kind.jsonName(), pending.callId());
		this.requests.ask(threadId, pending.callId(), next);
		return false;
	}

	private void append(UUID threadId, Event... events) {
		this.threads.update(threadId, (thread) -> thread.append(List.of(events)));
	}

	private void failIfRunning(UUID threadId, String reason, Failure.Step step) {
		this.threads.update(threadId,
				(thread) -> (thread.status() == ThreadStatus.RUNNING) ? thread.fail(reason, step) : thread);
		logger.warn("Thread {} failed: {}", threadId, reason);
	}

}
