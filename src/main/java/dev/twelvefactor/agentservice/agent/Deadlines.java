package dev.twelvefactor.agentservice.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.CallNotPending;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.Respondent;
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

	private final ThreadStore threads;

	private final ThreadRunner runner;

	private final Humans humans;

	private final AgentProperties.Deadlines properties;

	Deadlines(ThreadStore threads, ThreadRunner runner, Humans humans, AgentProperties properties) {
		this.threads = threads;
		this.runner = runner;
		this.humans = humans;
		this.properties = properties.deadlines();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::check, this.properties.checkInterval());
	}

	void check() {
		if (!this.properties.anySet()) {
			return;
		}
		Instant now = Instant.now();
		for (AgentThread thread : this.threads.all()) {
			if (thread.isPaused()) {
				check(thread, now);
			}
		}
	}

	private void check(AgentThread thread, Instant now) {
		PendingCall call = thread.pending();
		boolean approval = call.kind() == CallKind.FUNCTION_CALL;
		if (!approval && !Intent.REQUEST_MORE_INFORMATION.wireName().equals(thread.lastEvent().intent())) {
			return;
		}
		Duration expireAfter = approval ? this.properties.approvalExpireAfter() : this.properties.questionExpireAfter();
		Duration escalateAfter = approval ? this.properties.approvalEscalateAfter()
				: this.properties.questionEscalateAfter();
		if (passed(call.since(), expireAfter, now)) {
			expire(thread, call, now);
		}
		else if (call.escalation() == null && passed(call.since(), escalateAfter, now)) {
			escalate(thread, call, escalateAfter);
		}
	}

	private static boolean passed(Instant since, Duration after, Instant now) {
		return after != null && !since.plus(after).isAfter(now);
	}

	private void expire(AgentThread thread, PendingCall call, Instant now) {
		Respondent deadline = new Respondent(call.callId(), Respondent.DEADLINE, now.toString(), null,
				(call.kind() == CallKind.FUNCTION_CALL) ? Boolean.FALSE : null, "no answer in time");
		try {
			this.runner.resume(thread.id(), new HumanAnswer.NoAnswer(call.callId(), call.kind(), deadline));
			logger.info("Thread {}: nobody answered {} {} in time.", thread.id(), call.kind().jsonName(),
					call.callId());
		}
		catch (CallNotPending | ThreadNotFound ex) {
			logger.debug("Thread {} changed while its deadline passed: {}", thread.id(), ex.getMessage());
		}
	}

	private void escalate(AgentThread thread, PendingCall call, Duration after) {
		AtomicBoolean claimed = new AtomicBoolean();
		this.threads.update(thread.id(), (current) -> {
			if (!isSameWait(current, call)) {
				return current;
			}
			claimed.set(true);
			return current.escalated("sending");
		});
		if (!claimed.get()) {
			return;
		}
		String outcome;
		try {
			this.humans.escalate(call.callId(), call.kind(), "No answer after " + after + "; please respond.");
			outcome = "sent";
			logger.info("Thread {}: escalated {} {}.", thread.id(), call.kind().jsonName(), call.callId());
		}
		catch (RuntimeException ex) {
			outcome = "failed: " + ex.getMessage();
			logger.warn("Thread {}: could not escalate {} {}.", thread.id(), call.kind().jsonName(), call.callId(), ex);
		}
		String result = outcome;
		this.threads.update(thread.id(),
				(current) -> isSameWait(current, call.escalated("sending")) ? current.escalated(result) : current);
	}

	private static boolean isSameWait(AgentThread thread, PendingCall call) {
		return thread.isPaused() && thread.pending().equals(call);
	}

}
