package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.twelvefactor.agentservice.agent.NextStep.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.CallNotPending;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.ThreadNotFailed;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Component;

/**
 * The agent loop: asks the planner for the next step, runs calculator tools at once, and
 * pauses the thread on a request to a human, which a later answer resumes.
 */
@Component
class AgentLoop implements ThreadRunner {

	private static final Logger logger = LoggerFactory.getLogger(AgentLoop.class);

	private final ThreadStore threads;

	private final Planner planner;

	private final Humans humans;

	private final AgentProperties properties;

	private final LoopExecutor executor;

	private final MeterRegistry meters;

	private final Calculator calculator;

	AgentLoop(ThreadStore threads, Planner planner, Humans humans, AgentProperties properties, LoopExecutor executor,
			MeterRegistry meters, Calculator calculator) {
		this.threads = threads;
		this.planner = planner;
		this.calculator = calculator;
		this.humans = humans;
		this.properties = properties;
		this.executor = executor;
		this.meters = meters;
		executor.onAbandoned(this::abandon);
	}

	@Override
	public void start(UUID threadId) {
		this.executor.launch(threadId, () -> run(threadId));
	}

	@Override
	public Resumption resume(UUID threadId, HumanAnswer answer) {
		AtomicReference<Resumption> outcome = new AtomicReference<>();
		this.threads.update(threadId, (thread) -> switch (thread.match(answer.callId(), answer.kind())) {
			case ALREADY_ANSWERED -> {
				outcome.set(Resumption.DUPLICATE);
				yield thread;
			}
			case NOT_PENDING -> throw new CallNotPending(thread, answer);
			case PENDING -> {
				outcome.set(Resumption.APPLIED);
				yield thread.resume(answer.callId(), List.of(record(thread, answer).answeredBy(answer.respondent())));
			}
		}).orElseThrow(() -> new ThreadNotFound(threadId.toString()));
		if (outcome.get() == Resumption.APPLIED) {
			logger.debug("Thread {} took the answer to call {} and resumes.", threadId, answer.callId());
			continueLater(threadId, () -> run(threadId));
		}
		else {
			logger.info("Thread {} ignored a duplicate answer to call {}.", threadId, answer.callId());
		}
		return outcome.get();
	}

	@Override
	public void retry(UUID threadId) {
		AgentThread retried = this.threads.update(threadId, (thread) -> {
			if (thread.status() != ThreadStatus.FAILED) {
				throw new ThreadNotFailed(thread);
			}
			return thread.retry();
		}).orElseThrow(() -> new ThreadNotFound(threadId.toString()));
		logger.info("Thread {} retries the step it failed at.", threadId);
		continueLater(threadId, retried.isPaused() ? () -> resend(threadId) : () -> run(threadId));
	}

	/**
	 * Queues the work that continues a thread whose change is already stored; if the
	 * service is stopping and takes no more, the thread is left failed for a retry rather
	 * than running with nothing to run it.
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
	 * The event that records an answer: the reply, the approved tool's result, or the
	 * refusal as the model should read it.
	 */
	private Event record(AgentThread thread, HumanAnswer answer) {
		if (answer instanceof HumanAnswer.Reply reply) {
			return Event.humanResponse(reply.text());
		}
		if (answer instanceof HumanAnswer.Rejection rejection) {
			return Event.toolResponse(rejection.comment().isBlank() ? "user denied the operation"
					: "user denied the operation with feedback: \"" + rejection.comment() + "\"");
		}
		if (answer instanceof HumanAnswer.NoAnswer) {
			return Event.toolResponse((answer.kind() == CallKind.FUNCTION_CALL)
					? "the operation was not approved: no answer in time" : "no answer in time");
		}
		return calculate((Calculation) pendingStep(thread));
	}

	/**
	 * The step a paused thread waits on: the model's last {@code tool_call}.
	 */
	private static NextStep pendingStep(AgentThread thread) {
		return NextStep.fromData((Map<?, ?>) thread.lastEvent().data());
	}

	void run(UUID threadId) {
		MDC.put("thread_id", threadId.toString());
		try {
			loop(threadId);
		}
		catch (RuntimeException ex) {
			logger.error("Thread {} failed.", threadId, ex);
			failIfRunning(threadId, "The loop failed: " + describe(ex), Failure.Step.MODEL);
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
			Timer.Sample sample = Timer.start(this.meters);
			try {
				next = this.planner.nextStep(thread);
				this.calculator.checkOperands(next);
				sample.stop(this.meters.timer("agent.model.calls", "outcome", "success"));
			}
			catch (InvalidNextStep ex) {
				sample.stop(this.meters.timer("agent.model.calls", "outcome", "invalid_step"));
				logger.info("Thread {} got an invalid next step: {}", threadId, ex.getMessage());
				append(threadId, Event.error(ex.getMessage()));
				continue;
			}
			catch (RuntimeException ex) {
				sample.stop(this.meters.timer("agent.model.calls", "outcome", "error"));
				logger.warn("Thread {} could not get its next step.", threadId, ex);
				failIfRunning(threadId, "The model could not decide the next step: " + describe(ex),
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
				append(threadId, call, calculate(calculation));
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
		CallKind kind = kindOf(next);
		PendingCall pending = new PendingCall(newCallId(kind), kind);
		this.threads.update(threadId, (thread) -> thread.pause(pending, List.of(call)));
		logger.debug("Thread {} waits for {} {}.", threadId, kind.jsonName(), pending.callId());
		ask(threadId, pending.callId(), next);
		return false;
	}

	private Event calculate(Calculation calculation) {
		try {
			return Event.toolResponse(this.calculator.apply(calculation));
		}
		catch (ArithmeticException ex) {
			return Event.error(ex.getMessage());
		}
	}

	/**
	 * Sends the pending request of a thread whose earlier try failed, with the same call
	 * id.
	 */
	private void resend(UUID threadId) {
		this.threads.find(threadId)
			.filter(AgentThread::isPaused)
			.ifPresent((thread) -> ask(threadId, thread.pending().callId(), pendingStep(thread)));
	}

	/**
	 * Sends the request the thread now waits for; if it cannot be sent, the thread shows
	 * why (unless an answer already came, which proves it was sent).
	 */
	private void ask(UUID threadId, String callId, NextStep step) {
		CallKind kind = kindOf(step);
		Timer.Sample sample = Timer.start(this.meters);
		try {
			if (step instanceof Calculation calculation) {
				Map<String, BigDecimal> arguments = new LinkedHashMap<>();
				arguments.put("a", calculation.a());
				arguments.put("b", calculation.b());
				this.humans.requestApproval(threadId, callId, calculation.intent().wireName(), arguments);
			}
			else {
				this.humans.contact(threadId, callId, message(step));
			}
			sample.stop(this.meters.timer("agent.human.requests", "kind", kind.jsonName(), "outcome", "success"));
		}
		catch (RuntimeException ex) {
			sample.stop(this.meters.timer("agent.human.requests", "kind", kind.jsonName(), "outcome", "error"));
			logger.warn("Thread {} could not send {} {}.", threadId, kind.jsonName(), callId, ex);
			String reason = "Could not reach a human for " + kind.jsonName() + " " + callId + ": " + describe(ex);
			this.threads.update(threadId,
					(thread) -> (thread.isPaused() && thread.match(callId, kind) == AgentThread.Match.PENDING)
							? thread.fail(reason, Failure.Step.HUMAN_REQUEST) : thread);
		}
	}

	/**
	 * The kind of request a pausing step sends: an approval for a calculation, else a
	 * contact.
	 */
	private static CallKind kindOf(NextStep step) {
		return (step instanceof Calculation) ? CallKind.FUNCTION_CALL : CallKind.HUMAN_CONTACT;
	}

	private static String message(NextStep step) {
		return (step instanceof DoneForNow done) ? done.message() : ((RequestMoreInformation) step).message();
	}

	/**
	 * Marks a thread whose queued work never ran because the service stopped, so a retry
	 * can continue it.
	 */
	private void abandon(UUID threadId) {
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

	private void append(UUID threadId, Event... events) {
		this.threads.update(threadId, (thread) -> thread.append(List.of(events)));
	}

	private void failIfRunning(UUID threadId, String reason, Failure.Step step) {
		this.threads.update(threadId,
				(thread) -> (thread.status() == ThreadStatus.RUNNING) ? thread.fail(reason, step) : thread);
		logger.warn("Thread {} failed: {}", threadId, reason);
	}

	private static String newCallId(CallKind kind) {
		return ((kind == CallKind.FUNCTION_CALL) ? "call-" : "human_call-")
				+ UUID.randomUUID().toString().replace("-", "");
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName();
	}

}
