package dev.twelvefactor.agentservice.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.twelvefactor.agentservice.agent.NextStep.ToolCall;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.CallNotPending;
import dev.twelvefactor.agentservice.thread.Channel;
import dev.twelvefactor.agentservice.thread.Escalation;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Lease;
import dev.twelvefactor.agentservice.thread.LeaseLost;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadCancelled;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Keeps paused threads from waiting forever: escalates a request once its first deadline
 * passes, and after the second tells the model that nobody answered. A
 * {@code done_for_now} message has no deadline: the work is done, a reply is optional.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class Deadlines implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(Deadlines.class);

	/** How many waiting threads one query brings. */
	static final int PAGE = 500;

	private final ThreadStore threads;

	private final ThreadRunner runner;

	private final Humans humans;

	private final Steps steps;

	private final AgentProperties.Deadlines properties;

	Deadlines(ThreadStore threads, ThreadRunner runner, Humans humans, Steps steps, AgentProperties properties) {
		this.threads = threads;
		this.runner = runner;
		this.humans = humans;
		this.steps = steps;
		this.properties = properties.deadlines();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::check, this.properties.checkInterval());
	}

	void check() {
		Duration first = this.properties.earliest();
		if (first == null) {
			return;
		}
		Instant now = Instant.now();
		Instant cutoff = now.minus(first);
		List<AgentThread> page;
		do {
			page = this.threads.waitingSince(cutoff, PAGE);
			for (AgentThread thread : page) {
				check(thread, now);
			}
			if (!page.isEmpty()) {
				cutoff = page.get(page.size() - 1).pending().since().minusNanos(1);
			}
		}
		while (page.size() == PAGE);
	}

	private void check(AgentThread thread, Instant now) {
		PendingCall call = thread.pending();
		boolean approval = call.kind() == CallKind.FUNCTION_CALL;
		if (!call.isSent()) {
			return;
		}
		if (!approval && !Intent.REQUEST_MORE_INFORMATION.wireName().equals(thread.lastEvent().intent())) {
			return;
		}
		Duration expireAfter = approval ? this.properties.approvalExpireAfter() : this.properties.questionExpireAfter();
		Duration escalateAfter = approval ? this.properties.approvalEscalateAfter()
				: this.properties.questionEscalateAfter();
		if (passed(call.sentAt(), expireAfter, now)) {
			expire(thread, call, now);
		}
		else if (call.escalation() == null && passed(call.sentAt(), escalateAfter, now)) {
			escalate(thread, call, escalateAfter);
		}
	}

	private static boolean passed(Instant since, Duration after, Instant now) {
		return after != null && !since.plus(after).isAfter(now);
	}

	private void expire(AgentThread thread, PendingCall call, Instant now) {
		Respondent deadline = new Respondent(call.callId(), Respondent.DEADLINE, now.toString(), null,
				(call.kind() == CallKind.FUNCTION_CALL) ? Boolean.FALSE : null, Refusal.NO_ANSWER_IN_TIME);
		try {
			this.runner.resume(thread.id(), new HumanAnswer.NoAnswer(call.callId(), call.kind(), deadline));
			logger.info("Thread {}: nobody answered {} {} in time.", thread.id(), call.kind().jsonName(),
					call.callId());
		}
		catch (CallNotPending | ThreadNotFound | ThreadCancelled ex) {
			logger.debug("Thread {} changed while its deadline passed: {}", thread.id(), ex.getMessage());
		}
	}

	/**
	 * Claims the escalation of a call, sends it, and notes how that went. The claim is
	 * the stored change's own outcome: each run of the change says whether it claimed,
	 * and only the last run's answer counts, since only its result is stored. The claim
	 * leases the thread to this process, and the outcome is written under that lease:
	 * once another process took the escalation over (this one stalled past its lease),
	 * that one sends it again and notes how it went, and this one's outcome is not
	 * stored.
	 */
	private void escalate(AgentThread thread, PendingCall call, Duration after) {
		AtomicBoolean claimed = new AtomicBoolean();
		this.threads.update(thread.id(), (current) -> {
			boolean same = isSameWait(current, call);
			claimed.set(same);
			return same ? current.escalated(Escalation.sending()) : current;
		});
		if (!claimed.get()) {
			return;
		}
		Lease lease = this.threads.lease(thread.id()).orElse(null);
		if (lease == null) {
			logger.info("Thread {}: another replica took on the escalation of {} {}; it sends it.", thread.id(),
					call.kind().jsonName(), call.callId());
			return;
		}
		Escalation outcome;
		try {
			this.humans.escalate(call.callId(), call.kind(), "No answer after " + after + "; please respond.",
					channel(thread, call));
			outcome = Escalation.sent();
			logger.info("Thread {}: escalated {} {}.", thread.id(), call.kind().jsonName(), call.callId());
		}
		catch (RuntimeException ex) {
			outcome = Escalation.failed(ex.getMessage());
			logger.warn("Thread {}: could not escalate {} {}.", thread.id(), call.kind().jsonName(), call.callId(), ex);
		}
		Escalation result = outcome;
		PendingCall sending = call.escalated(Escalation.sending());
		try {
			this.threads.update(thread.id(), lease,
					(current) -> isSameWait(current, sending) ? current.escalated(result) : current);
		}
		catch (LeaseLost ex) {
			logger.info("Thread {}: another replica took on the escalation of {} {} meanwhile: {}", thread.id(),
					call.kind().jsonName(), call.callId(), ex.getMessage());
		}
	}

	/**
	 * The channel the call was sent on, as {@link HumanRequests} kept it. A thread stored
	 * before the channel was kept has it worked out again: an approval's goes where its
	 * rule says, else where the thread's other requests go.
	 */
	private Channel channel(AgentThread thread, PendingCall call) {
		if (call.sentOn() != null) {
			return call.sentOn().channel();
		}
		if (call.kind() == CallKind.FUNCTION_CALL && AnswerEvents.pendingStep(thread) instanceof ToolCall approval) {
			return this.steps.approvalRequest(approval).orOn(thread.channel()).channel();
		}
		return thread.channel();
	}

	private static boolean isSameWait(AgentThread thread, PendingCall call) {
		return thread.isPaused() && thread.pending().equals(call);
	}

}
