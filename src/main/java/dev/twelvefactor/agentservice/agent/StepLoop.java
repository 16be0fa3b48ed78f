package dev.twelvefactor.agentservice.agent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import dev.twelvefactor.agentservice.agent.NextStep.ToolCall;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.Lease;
import dev.twelvefactor.agentservice.thread.LeaseLost;
import dev.twelvefactor.agentservice.thread.Leased;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadProperties;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolFailure;
import dev.twelvefactor.agentservice.tool.ToolResult;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run of a thread's loop: asks the model for the next step, runs a tool call the
 * policy lets through at once, and pauses the thread on a request to a human; stops the
 * thread with a reason at any of its bounds (steps, errors in a row, size). A tool call
 * is recorded before it runs and its result after, so a running thread whose last event
 * is a tool's call has a call still to run: an approved one, or one whose tool failed.
 */
final class StepLoop {

	private static final Logger logger = LoggerFactory.getLogger(StepLoop.class);

	private final ThreadStore threads;

	private final ModelStep model;

	private final HumanRequests requests;

	private final AgentProperties properties;

	private final ThreadProperties limits;

	private final MeterRegistry meters;

	private final Steps steps;

	StepLoop(ThreadStore threads, ModelStep model, HumanRequests requests, AgentProperties properties,
			ThreadProperties limits, MeterRegistry meters, Steps steps) {
		this.steps = steps;
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
			Leased leased = this.threads.leased(threadId).orElse(null);
			if (leased == null) {
				logger.info("Thread {} is not leased to this process; whoever holds it runs its loop.", threadId);
				return;
			}
			run(leased.lease(), leased.thread());
		}
		finally {
			MDC.remove("thread_id");
		}
	}

	/**
	 * Runs the loop under the lease; a run whose lease another process took over stops
	 * without a further write.
	 */
	private void run(Lease lease, AgentThread thread) {
		try {
			runOrFail(lease, thread);
		}
		catch (LeaseLost ex) {
			logger.info("Thread {} stops here: {}", thread.id(), ex.getMessage());
		}
	}

	private void runOrFail(Lease lease, AgentThread thread) {
		UUID threadId = thread.id();
		try {
			loop(lease, runPendingCall(lease, thread));
		}
		catch (LeaseLost ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			if (stopping(threadId)) {
				return;
			}
			logger.error("Thread {} failed.", threadId, ex);
			failIfRunning(lease, threadId, "The loop failed: " + Reasons.of(ex), Failure.Step.MODEL);
		}
	}

	/**
	 * Whether the service interrupted this run because it stops, and its store hands the
	 * thread's work on: then the run records nothing, and the next start or another
	 * replica runs the step again.
	 */
	private boolean stopping(UUID threadId) {
		if (Thread.currentThread().isInterrupted() && this.threads.keepsWorkOwed()) {
			logger.info("Thread {} was interrupted mid-step by the stop; it is left owing work.", threadId);
			return true;
		}
		return false;
	}

	/**
	 * Takes steps from the thread as last stored, by this run's own write: a change made
	 * by anyone else meanwhile makes this run's next write find the thread changed, and
	 * stop.
	 * @param start the thread as stored, or {@code null} when it is not to run
	 */
	private void loop(Lease lease, AgentThread start) {
		AgentThread thread = start;
		for (int steps = 0; thread != null && thread.status() == ThreadStatus.RUNNING; steps++) {
			UUID threadId = thread.id();
			String oversize = this.limits.oversize(thread);
			if (oversize != null) {
				failIfRunning(lease, threadId, oversize, Failure.Step.LOOP_LIMIT);
				return;
			}
			if (thread.consecutiveErrors() >= this.properties.maxConsecutiveErrors()) {
				failIfRunning(lease, threadId, "Stopped after " + thread.consecutiveErrors()
						+ " errors in a row; the last: " + thread.lastEvent().data(), Failure.Step.LOOP_LIMIT);
				return;
			}
			if (steps >= this.properties.maxSteps()) {
				failIfRunning(lease, threadId, "Stopped after " + steps + " steps without pausing for a human.",
						Failure.Step.LOOP_LIMIT);
				return;
			}
			Steps.Checked next;
			try {
				next = this.steps.check(this.model.next(thread));
			}
			catch (InvalidNextStep ex) {
				logger.info("Thread {} got an invalid next step: {}", threadId, ex.getMessage());
				thread = append(lease, thread, Event.error(ex.getMessage()));
				continue;
			}
			catch (RuntimeException ex) {
				if (stopping(threadId)) {
					return;
				}
				logger.warn("Thread {} could not get its next step.", threadId, ex);
				String reason = "The model could not decide the next step: " + Reasons.of(ex);
				record(lease, thread, (current) -> current.fail(reason, Failure.Step.MODEL));
				return;
			}
			this.meters.counter("agent.loop.steps", "intent", next.step().intent()).increment();
			thread = take(lease, thread, next);
		}
	}

	/**
	 * Carries out a step the model chose for the thread as it saw it.
	 * @return the thread as stored, when the loop goes on, else {@code null}
	 */
	private AgentThread take(Lease lease, AgentThread seen, Steps.Checked next) {
		Event call = Event.toolCall(next.step().toData()).decided(next.approval());
		if (next.step() instanceof ToolCall toolCall) {
			if (!next.decision().required()) {
				return runPendingCall(lease, append(lease, seen, call));
			}
			Optional<String> cannotRun = next.tool().cannotRun(toolCall.arguments());
			if (cannotRun.isPresent()) {
				return append(lease, seen, call, Event.error(cannotRun.get()));
			}
		}
		CallKind kind = HumanRequests.kindOf(next.step());
		PendingCall pending = new PendingCall(HumanRequests.newCallId(kind), kind);
		if (record(lease, seen, (thread) -> thread.pause(pending, List.of(call))) != null) {
			logger.debug("Thread {} waits for {} {}.", seen.id(), kind.jsonName(), pending.callId());
			this.requests.ask(lease, seen, pending.callId(), next.step());
		}
		return null;
	}

	/**
	 * Runs the tool call a running thread has still to run, if its last event is one, and
	 * records what it gave; a tool that cannot be reached fails the thread at the
	 * {@code tool} step, and a retry runs the call again. The result names who approved
	 * the call, as its {@code tool_call} does.
	 * @param thread the thread as stored, or {@code null} when it is not to run
	 * @return the thread as stored, when the loop goes on, else {@code null}
	 */
	private AgentThread runPendingCall(Lease lease, AgentThread thread) {
		if (thread == null || thread.status() != ThreadStatus.RUNNING) {
			return null;
		}
		UUID threadId = thread.id();
		Optional<ToolCall> pending = pendingCall(thread);
		if (pending.isEmpty()) {
			return thread;
		}
		ToolCall call = pending.get();
		Respondent approvedBy = thread.lastEvent().respondent();
		Optional<Tool> tool = this.steps.tool(call);
		if (tool.isEmpty()) {
			return record(lease, thread,
					(current) -> current.append(List
						.of(Event.error("tool " + call.intent() + " is not registered now; the call did not run")
							.answeredBy(approvedBy))));
		}
		Event result;
		try {
			result = AnswerEvents.of(call(tool.get(), call.arguments())).answeredBy(approvedBy);
		}
		catch (ToolFailure ex) {
			logger.warn("Thread {} could not run tool {}: {}", threadId, call.intent(), ex.getMessage());
			String reason = "Tool " + call.intent() + " failed: " + ex.getMessage();
			record(lease, thread, (current) -> current.fail(reason, Failure.Step.TOOL));
			return null;
		}
		return record(lease, thread, (current) -> current.append(List.of(result)));
	}

	private static ToolResult call(Tool tool, Map<String, Object> arguments) {
		ToolResult result = tool.call(arguments);
		if (result == null) {
			throw new ToolFailure("it returned no result");
		}
		return result;
	}

	/**
	 * The call a running thread has still to run: its last event, when that is the
	 * {@code tool_call} of a tool.
	 */
	private static Optional<ToolCall> pendingCall(AgentThread thread) {
		Event last = thread.lastEvent();
		if (!last.is(Event.TOOL_CALL) || !(last.data() instanceof Map<?, ?> data)) {
			return Optional.empty();
		}
		try {
			return (NextStep.fromData(data) instanceof ToolCall call) ? Optional.of(call) : Optional.empty();
		}
		catch (InvalidNextStep ex) {
			return Optional.empty();
		}
	}

	private AgentThread append(Lease lease, AgentThread seen, Event... events) {
		return record(lease, seen, (thread) -> thread.append(List.of(events)));
	}

	/**
	 * Records a step on the thread as the model saw it. When the thread changed
	 * meanwhile, another run of its loop recorded this step first (one started again
	 * after a crash, while this one still waited for the model): the model was asked
	 * twice, but only the first answer counts, and this run stops.
	 * @return the thread as stored with the step, or {@code null} when it was not
	 * recorded
	 */
	private AgentThread record(Lease lease, AgentThread seen, UnaryOperator<AgentThread> step) {
		AtomicBoolean recorded = new AtomicBoolean();
		Optional<AgentThread> stored = this.threads.update(seen.id(), lease, (thread) -> {
			recorded.set(thread.status() == ThreadStatus.RUNNING && thread.updatedAt().equals(seen.updatedAt())
					&& thread.events().size() == seen.events().size());
			return recorded.get() ? step.apply(thread) : thread;
		});
		if (!recorded.get()) {
			logger.info("Thread {} changed while its model step ran; another run recorded the step.", seen.id());
			return null;
		}
		return stored.orElse(null);
	}

	private void failIfRunning(Lease lease, UUID threadId, String reason, Failure.Step step) {
		this.threads.update(threadId, lease,
				(thread) -> (thread.status() == ThreadStatus.RUNNING) ? thread.fail(reason, step) : thread);
		logger.warn("Thread {} failed: {}", threadId, reason);
	}

}
