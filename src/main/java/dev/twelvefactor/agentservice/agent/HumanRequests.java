package dev.twelvefactor.agentservice.agent;

import java.time.Instant;
import java.util.UUID;

import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import dev.twelvefactor.agentservice.agent.NextStep.ToolCall;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Channel;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.Lease;
import dev.twelvefactor.agentservice.thread.LeaseLost;
import dev.twelvefactor.agentservice.thread.Leased;
import dev.twelvefactor.agentservice.thread.PendingCall.SentOn;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the request a paused thread waits for to the humans, and when it cannot be sent,
 * fails the thread with the reason so a retry can send it again.
 */
final class HumanRequests {

	private static final Logger logger = LoggerFactory.getLogger(HumanRequests.class);

	private final ThreadStore threads;

	private final Humans humans;

	private final MeterRegistry meters;

	private final Steps steps;

	HumanRequests(ThreadStore threads, Humans humans, MeterRegistry meters, Steps steps) {
		this.threads = threads;
		this.humans = humans;
		this.meters = meters;
		this.steps = steps;
	}

	/**
	 * Sends a call again, with the same id, if the thread still waits for it and the
	 * humans do not have it yet (an earlier try may have reached them although its answer
	 * was lost): when an answer came meanwhile it was sent after all, and whatever the
	 * thread waits for now was sent by the loop that paused it.
	 * @param threadId the thread
	 * @param callId the call whose sending failed
	 */
	void resend(UUID threadId, String callId) {
		Leased leased = this.threads.leased(threadId).orElse(null);
		if (leased == null) {
			logger.info("Thread {} is not leased to this process; whoever holds it sends {}.", threadId, callId);
			return;
		}
		AgentThread thread = leased.thread();
		if (thread.isPaused() && thread.pending().callId().equals(callId)) {
			send(leased.lease(), thread, callId, AnswerEvents.pendingStep(thread), true);
		}
	}

	/**
	 * Sends the request the thread now waits for; if it cannot be sent, the thread shows
	 * why (unless an answer already came, which proves it was sent).
	 * @param lease the lease of the loop that paused it
	 * @param thread the thread, as it paused
	 * @param callId the call it waits for
	 * @param step the step that paused it
	 */
	void ask(Lease lease, AgentThread thread, String callId, NextStep step) {
		send(lease, thread, callId, step, false);
	}

	private void send(Lease lease, AgentThread paused, String callId, NextStep step, boolean mayHaveArrived) {
		UUID threadId = paused.id();
		Channel channel = paused.channel();
		CallKind kind = kindOf(step);
		Timer.Sample sample = Timer.start(this.meters);
		try {
			SentOn sentOn = null;
			if (mayHaveArrived && this.humans.received(threadId, callId, kind)) {
				logger.info("Thread {} finds {} {} already received; it is not sent again.", threadId, kind.jsonName(),
						callId);
			}
			else if (step instanceof ToolCall call) {
				ApprovalRequest request = this.steps.approvalRequest(call).orOn(channel);
				this.humans.requestApproval(threadId, callId, request);
				sentOn = new SentOn(request.channel());
			}
			else {
				this.humans.contact(threadId, callId, message(step), channel);
				sentOn = new SentOn(channel);
			}
			SentOn on = sentOn;
			sample.stop(this.meters.timer("agent.human.requests", "kind", kind.jsonName(), "outcome", "success"));
			Instant sentAt = Instant.now();
			this.threads.update(threadId, lease,
					(thread) -> isWaitingFor(thread, callId, kind) && !thread.pending().isSent()
							? thread.requestSent(sentAt, on) : thread);
		}
		catch (LeaseLost ex) {
			logger.info("Thread {} sent {} {}, and another run took its work on meanwhile: {}", threadId,
					kind.jsonName(), callId, ex.getMessage());
		}
		catch (RuntimeException ex) {
			sample.stop(this.meters.timer("agent.human.requests", "kind", kind.jsonName(), "outcome", "error"));
			logger.warn("Thread {} could not send {} {}.", threadId, kind.jsonName(), callId, ex);
			String reason = "Could not reach a human for " + kind.jsonName() + " " + callId + ": " + Reasons.of(ex);
			try {
				this.threads.update(threadId, lease, (thread) -> isWaitingFor(thread, callId, kind)
						? thread.fail(reason, Failure.Step.HUMAN_REQUEST) : thread);
			}
			catch (LeaseLost lost) {
				logger.info("Thread {} is not failed here: {}", threadId, lost.getMessage());
			}
		}
	}

	private static boolean isWaitingFor(AgentThread thread, String callId, CallKind kind) {
		return thread.isPaused() && thread.match(callId, kind) == AgentThread.Match.PENDING;
	}

	/**
	 * The kind of request a pausing step sends: an approval for a tool call, else a
	 * contact.
	 * @param step the pausing step
	 * @return the kind of call
	 */
	static CallKind kindOf(NextStep step) {
		return (step instanceof ToolCall) ? CallKind.FUNCTION_CALL : CallKind.HUMAN_CONTACT;
	}

	/**
	 * A new call id of the given kind, in HumanLayer's style.
	 * @param kind the kind of call
	 * @return the id
	 */
	static String newCallId(CallKind kind) {
		return ((kind == CallKind.FUNCTION_CALL) ? "call-" : "human_call-")
				+ UUID.randomUUID().toString().replace("-", "");
	}

	private static String message(NextStep step) {
		return (step instanceof DoneForNow done) ? done.message() : ((RequestMoreInformation) step).message();
	}

}
