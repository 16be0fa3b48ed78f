package dev.twelvefactor.agentservice.thread;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The HumanLayer request a paused thread waits for.
 *
 * @param callId the id the service gave the request, echoed back by its webhook
 * @param kind whether it is a human contact or a function call
 * @param since when the thread began to wait
 * @param sentAt when the request reached HumanLayer (or the local inbox), so that it can
 * be answered there; {@code null} while it is on its way
 * @param escalation what became of the escalation once the first deadline passed, else
 * {@code null}
 * @param sentOn the channel the request was sent on, where its escalation goes too;
 * {@code null} while it is on its way, and on a thread stored before it was kept
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingCall(String callId, CallKind kind, Instant since, Instant sentAt, Escalation escalation,
		SentOn sentOn) {

	public PendingCall(String callId, CallKind kind) {
		this(callId, kind, Instant.now(), null, null, null);
	}

	public PendingCall(String callId, CallKind kind, Instant since, Instant sentAt, Escalation escalation) {
		this(callId, kind, since, sentAt, escalation, null);
	}

	public PendingCall escalated(Escalation outcome) {
		return new PendingCall(this.callId, this.kind, this.since, this.sentAt, outcome, this.sentOn);
	}

	public PendingCall sent(Instant at, SentOn on) {
		return new PendingCall(this.callId, this.kind, this.since, at, this.escalation, on);
	}

	@JsonIgnore
	public boolean isSent() {
		return this.sentAt != null;
	}

	/**
	 * The channel a request was sent on, kept so that its escalation goes there even when
	 * the approval policy names another channel by then.
	 *
	 * @param channel the channel, or {@code null} for the service's default channel
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record SentOn(Channel channel) {

	}

}
