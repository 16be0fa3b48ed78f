package dev.twelvefactor.agentservice.agent;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import dev.twelvefactor.agentservice.agent.NextStep.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.CallNotPending;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Qualifier;
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

	private final Executor executor;

	AgentLoop(ThreadStore threads, Planner planner, Humans humans, AgentProperties properties,
			@Qualifier("applicationTaskExecutor") Executor executor) {
		this.threads = threads;
		this.planner = planner;
		this.humans = humans;
		this.properties = properties;
		this.executor = executor;
	}

	@Override
	public void start(UUID threadId) {
		runLater(threadId);
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
			logger.info("Thread {} took the answer to call {} and resumes.", threadId, answer.callId());
			runLater(threadId);
		}
		else {
			logger.info("Thread {} ignored a duplicate answer to call {}.", threadId, answer.callId());
		}
		return outcome.get();
	}

	private void runLater(UUID threadId) {
		try {
			this.executor.execute(() -> run(threadId));
		}
		catch (RejectedExecutionException ex) {
			this.threads.update(threadId, (thread) -> thread.fail("The service had no capacity to run the loop."));
			throw ex;
		}
	}

	/**
	 * The event that records an answer: the reply, the approved tool's result, or the
	 * rejection as the model should read it.
	 */
	private static Event record(AgentThread thread, HumanAnswer answer) {
		if (answer instanceof HumanAnswer.Reply reply) {
			return Event.humanResponse(reply.text());
		}
		if (answer instanceof HumanAnswer.Rejection rejection) {
			return Event.toolResponse(rejection.comment().isBlank() ? "user denied the operation"
					: "user denied the operation with feedback: \"" + rejection.comment() + "\"");
		}
		return runApproved(thread);
	}

	private static Event runApproved(AgentThread thread) {
		return calculate((Calculation) NextStep.fromData((Map<?, ?>) thread.lastEvent().data()));
	}

	void run(UUID threadId) {
		MDC.put("thread_id", threadId.toString());
		try {
			loop(threadId);
		}
		catch (RuntimeException ex) {
			logger.error("Thread {} failed.", threadId, ex);
			failIfRunning(threadId, "The loop failed: " + describe(ex));
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
						+ thread.lastEvent().data());
				return;
			}
			if (steps >= this.properties.maxSteps()) {
				failIfRunning(threadId, "Stopped after " + steps + " steps without pausing for a human.");
				return;
			}
			NextStep next;
			try {
				next = this.planner.nextStep(thread);
			}
			catch (InvalidNextStep ex) {
				logger.info("Thread {} got an invalid next step: {}", threadId, ex.getMessage());
				append(threadId, Event.error(ex.getMessage()));
				continue;
			}
			catch (RuntimeException ex) {
				logger.warn("Thread {} could not get its next step.", threadId, ex);
				failIfRunning(threadId, "The model could not decide the next step: " + describe(ex));
				return;
			}
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
		if (next instanceof RequestMoreInformation question) {
			contact(threadId, call, question.message());
			return false;
		}
		if (next instanceof DoneForNow done) {
			contact(threadId, call, done.message());
			return false;
		}
		Calculation calculation = (Calculation) next;
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
		String callId = newCallId("call");
		pause(threadId, new PendingCall(callId, CallKind.FUNCTION_CALL), call);
		ask(threadId, callId, CallKind.FUNCTION_CALL, () -> this.humans.requestApproval(threadId, callId,
				calculation.intent().wireName(), Map.of("a", calculation.a(), "b", calculation.b())));
		return false;
	}

	private static Event calculate(Calculation calculation) {
		try {
			return Event.toolResponse(Calculator.apply(calculation));
		}
		catch (ArithmeticException ex) {
			return Event.error(ex.getMessage());
		}
	}

	private void contact(UUID threadId, Event call, String message) {
		String callId = newCallId("human_call");
		pause(threadId, new PendingCall(callId, CallKind.HUMAN_CONTACT), call);
		ask(threadId, callId, CallKind.HUMAN_CONTACT, () -> this.humans.contact(threadId, callId, message));
	}

	private void pause(UUID threadId, PendingCall call, Event toolCall) {
		this.threads.update(threadId, (thread) -> thread.pause(call, List.of(toolCall)));
		logger.info("Thread {} waits for {} {}.", threadId, call.kind().jsonName(), call.callId());
	}

	/**
	 * Sends the request the thread now waits for; if it cannot be sent, the thread shows
	 * why (unless an answer already came, which proves it was sent).
	 */
	private void ask(UUID threadId, String callId, CallKind kind, Runnable request) {
		try {
			request.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Thread {} could not send {} {}.", threadId, kind.jsonName(), callId, ex);
			this.threads.update(threadId,
					(thread) -> (thread.match(callId, kind) == AgentThread.Match.PENDING) ? thread
						.fail("Could not reach a human for " + kind.jsonName() + " " + callId + ": " + describe(ex))
							: thread);
		}
	}

	private void append(UUID threadId, Event... events) {
		this.threads.update(threadId, (thread) -> thread.append(List.of(events)));
	}

	private void failIfRunning(UUID threadId, String reason) {
		this.threads.update(threadId,
				(thread) -> (thread.status() == ThreadStatus.RUNNING) ? thread.fail(reason) : thread);
		logger.warn("Thread {} failed: {}", threadId, reason);
	}

	private static String newCallId(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().replace("-", "");
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName();
	}

}
