package dev.twelvefactor.agentservice.thread;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.util.Assert;

/**
 * A conversation between a user, the agent and the humans it asks, as an immutable value:
 * every change returns a new thread, and each refuses to run from a status it does not
 * belong to.
 *
 * @param id the thread's unguessable id
 * @param status where the thread stands
 * @param events what happened so far, in order
 * @param pending the request the thread waits for while paused, else {@code null}
 * @param answeredCalls the calls already answered, so a late copy of an answer is known
 * as a duplicate
 * @param failure why and where the thread failed, else {@code null}
 * @param budgetFrom the first event the loop's error budget counts: a retry starts it
 * afresh
 * @param createdAt when the thread was launched
 * @param updatedAt when it last changed
 * @param cancellation who cancelled the thread, why and when, else {@code null}
 * @param channel where the thread's requests to people go: the channel it began on, or
 * the one named at launch; {@code null} for the service's default channels
 */
public record AgentThread(UUID id, ThreadStatus status, List<Event> events, PendingCall pending,
		Set<String> answeredCalls, Failure failure, int budgetFrom, Instant createdAt, Instant updatedAt,
		Cancellation cancellation, Channel channel) {

	/** The intent of the step that tells the user the work is done. */
	static final String DONE_FOR_NOW = "done_for_now";

	public AgentThread {
		events = List.copyOf(events);
		answeredCalls = Set.copyOf(answeredCalls);
	}

	public static AgentThread launch(UUID id, String message) {
		return launch(id, message, null, null);
	}

	/**
	 * A new running thread that holds the user's message.
	 * @param id its id
	 * @param message the user's message
	 * @param origin where the message came from, {@code null} for the API
	 * @param channel where the thread's requests go, {@code null} for the defaults
	 * @return the thread
	 */
	public static AgentThread launch(UUID id, String message, Origin origin, Channel channel) {
		Instant now = Instant.now();
		return new AgentThread(id, ThreadStatus.RUNNING, List.of(Event.userInput(message, origin)), null, Set.of(),
				null, 0, now, now, null, channel);
	}

	/**
	 * Adds what a running loop produced.
	 * @param added the new events
	 * @return the longer thread
	 */
	public AgentThread append(List<Event> added) {
		requireStatus(ThreadStatus.RUNNING);
		return new AgentThread(this.id, this.status, concat(this.events, added), null, this.answeredCalls, null,
				this.budgetFrom, this.createdAt, Instant.now(), null, this.channel);
	}

	/**
	 * Pauses a running thread on a request to a human. The thread records the call before
	 * the request is sent, so an answer can never arrive at an unprepared thread.
	 * @param call the request it will wait for
	 * @param added the events that led to it (the model's {@code tool_call})
	 * @return the paused thread
	 */
	public AgentThread pause(PendingCall call, List<Event> added) {
		requireStatus(ThreadStatus.RUNNING);
		return new AgentThread(this.id, call.kind().awaitingStatus(), concat(this.events, added), call,
				this.answeredCalls, null, this.budgetFrom, this.createdAt, Instant.now(), null, this.channel);
	}

	/**
	 * Tells how an answer to the given call fits this thread.
	 * @param callId the call the answer is for
	 * @param kind the kind of call it answers
	 * @return whether the thread waits for it, already took it, or does not expect it
	 */
	public Match match(String callId, CallKind kind) {
		if (this.answeredCalls.contains(callId)) {
			return Match.ALREADY_ANSWERED;
		}
		return (waitsFor() && this.pending.callId().equals(callId) && this.pending.kind() == kind) ? Match.PENDING
				: Match.NOT_PENDING;
	}

	/**
	 * Whether the pending call can still be answered: the thread waits for it, or failed
	 * to send it, in which case an answer proves it arrived after all.
	 */
	private boolean waitsFor() {
		return isPaused() || (this.status == ThreadStatus.FAILED && this.pending != null
				&& this.failure.step() == Failure.Step.HUMAN_REQUEST);
	}

	/**
	 * Takes the answer to the pending call and sets the thread running again.
	 * @param callId the answered call, which must be the pending one
	 * @param answer the events that record the answer
	 * @return the running thread
	 */
	public AgentThread resume(String callId, List<Event> answer) {
		Assert.state(this.pending != null && match(callId, this.pending.kind()) == Match.PENDING,
				() -> "Thread " + this.id + " does not wait for call " + callId);
		Set<String> answered = new LinkedHashSet<>(this.answeredCalls);
		answered.add(callId);
		return new AgentThread(this.id, ThreadStatus.RUNNING, concat(this.events, answer), null, answered, null,
				this.budgetFrom, this.createdAt, Instant.now(), null, this.channel);
	}

	/**
	 * Takes the approval of the pending tool call before the call has run: its
	 * {@code tool_call} event is marked with who approved it, and the thread runs again,
	 * to run the call outside any change of the store.
	 * @param callId the approved call, which must be the pending one
	 * @param respondent who approved it
	 * @return the running thread, its last event the approved call
	 */
	public AgentThread approve(String callId, Respondent respondent) {
		Assert.state(this.pending != null && match(callId, this.pending.kind()) == Match.PENDING,
				() -> "Thread " + this.id + " does not wait for call " + callId);
		List<Event> events = new ArrayList<>(this.events);
		events.set(events.size() - 1, lastEvent().answeredBy(respondent));
		Set<String> answered = new LinkedHashSet<>(this.answeredCalls);
		answered.add(callId);
		return new AgentThread(this.id, ThreadStatus.RUNNING, events, null, answered, null, this.budgetFrom,
				this.createdAt, Instant.now(), null, this.channel);
	}

	/**
	 * Stops the thread with a reason a client can read; its events stay as they are.
	 * @param reason what went wrong
	 * @param step where it went wrong
	 * @return the failed thread
	 */
	public AgentThread fail(String reason, Failure.Step step) {
		Assert.state(this.status != ThreadStatus.CANCELLED, () -> "Thread " + this.id + " is cancelled");
		return new AgentThread(this.id, ThreadStatus.FAILED, this.events, this.pending, this.answeredCalls,
				new Failure(reason, step), this.budgetFrom, this.createdAt, Instant.now(), null, this.channel);
	}

	/**
	 * Takes a failed thread back to the step it failed at: waiting for the same call when
	 * sending it failed, else running with a fresh error budget.
	 * @return the thread, ready to run that step again
	 */
	public AgentThread retry() {
		requireStatus(ThreadStatus.FAILED);
		boolean resend = this.failure.step() == Failure.Step.HUMAN_REQUEST && this.pending != null;
		ThreadStatus status = resend ? this.pending.kind().awaitingStatus() : ThreadStatus.RUNNING;
		return new AgentThread(this.id, status, this.events, resend ? this.pending : null, this.answeredCalls, null,
				this.events.size(), this.createdAt, Instant.now(), null, this.channel);
	}

	/**
	 * Ends the thread for good, in whatever state it is but a finished or cancelled one:
	 * no loop runs it again, and no answer is taken any more.
	 * @param cancelled who asked, why and when
	 * @return the cancelled thread, which waits for nothing
	 */
	public AgentThread cancel(Cancellation cancelled) {
		Assert.state(isCancellable(), () -> "Thread " + this.id + " is " + this.status.jsonName()
				+ (isFinished() ? " and finished" : "") + "; it cannot be cancelled");
		return new AgentThread(this.id, ThreadStatus.CANCELLED, this.events, null, this.answeredCalls, null,
				this.budgetFrom, this.createdAt, cancelled.at(), cancelled, this.channel);
	}

	/**
	 * Whether the thread can still be cancelled: it is neither finished nor cancelled.
	 * @return true while running, paused on a question or an approval, or failed
	 */
	public boolean isCancellable() {
		return this.status != ThreadStatus.CANCELLED && !isFinished();
	}

	/**
	 * Whether the agent finished the work: the thread waits only for an optional reply to
	 * its {@code done_for_now} message.
	 * @return true while a {@code done_for_now} message waits for a reply
	 */
	public boolean isFinished() {
		return this.status == ThreadStatus.AWAITING_HUMAN_RESPONSE && DONE_FOR_NOW.equals(lastEvent().intent());
	}

	/**
	 * Whether the thread waits for a person.
	 * @return true while awaiting a response or an approval
	 */
	public boolean isPaused() {
		return this.status == ThreadStatus.AWAITING_APPROVAL || this.status == ThreadStatus.AWAITING_HUMAN_RESPONSE;
	}

	/**
	 * Whether the thread owes work that the process holding it must do, and that another
	 * must take on when that process dies: its loop must run, its request was stored but
	 * not confirmed sent, or its escalation is being sent.
	 * @return true while running, or paused on a request not confirmed sent or being
	 * escalated
	 */
	public boolean owesWork() {
		return this.status == ThreadStatus.RUNNING
				|| (isPaused() && (!this.pending.isSent() || (this.pending.escalation() != null
						&& this.pending.escalation().state() == Escalation.State.SENDING)));
	}

	/**
	 * The call the thread waits for, as clients see it.
	 * @return the pending call while paused, else {@code null} (a failed thread keeps its
	 * pending call for a retry, but waits for nothing)
	 */
	public PendingCall waitingFor() {
		return isPaused() ? this.pending : null;
	}

	/**
	 * Notes that the pending call's request reached the humans, from when on it can be
	 * answered, escalated or expire there.
	 * @param at when it was confirmed sent
	 * @param on the channel it was sent on, {@code null} when not known (it was found
	 * already received)
	 * @return the changed thread
	 */
	public AgentThread requestSent(Instant at, PendingCall.SentOn on) {
		Assert.state(isPaused(), () -> "Thread " + this.id + " waits for nobody");
		return new AgentThread(this.id, this.status, this.events, this.pending.sent(at, on), this.answeredCalls, null,
				this.budgetFrom, this.createdAt, Instant.now(), null, this.channel);
	}

	/**
	 * Notes the outcome of escalating the pending call.
	 * @param outcome where the escalation stands
	 * @return the thread, still waiting for the same call
	 */
	public AgentThread escalated(Escalation outcome) {
		Assert.state(isPaused(), () -> "Thread " + this.id + " waits for nobody");
		return new AgentThread(this.id, this.status, this.events, this.pending.escalated(outcome), this.answeredCalls,
				null, this.budgetFrom, this.createdAt, Instant.now(), null, this.channel);
	}

	public Event lastEvent() {
		return this.events.get(this.events.size() - 1);
	}

	/**
	 * Counts the errors since the last step that worked, so a model that keeps failing
	 * can be stopped.
	 * @return the number of {@code error} events since the last result, answer or input,
	 * or since the last retry
	 */
	public int consecutiveErrors() {
		int errors = 0;
		for (int i = this.events.size() - 1; i >= this.budgetFrom; i--) {
			Event event = this.events.get(i);
			if (event.is(Event.ERROR)) {
				errors++;
			}
			else if (!event.is(Event.TOOL_CALL)) {
				break;
			}
		}
		return errors;
	}

	/**
	 * About how many characters the thread's events take, to bound what a thread may
	 * hold.
	 * @return the approximate size of the events' text
	 */
	public long approximateSize() {
		long size = 0;
		for (Event event : this.events) {
			size += event.approximateSize();
		}
		return size;
	}

	private void requireStatus(ThreadStatus expected) {
		Assert.state(this.status == expected,
				() -> "Thread " + this.id + " is " + this.status.jsonName() + ", not " + expected.jsonName());
	}

	private static List<Event> concat(List<Event> first, List<Event> second) {
		List<Event> all = new ArrayList<>(first.size() + second.size());
		all.addAll(first);
		all.addAll(second);
		return all;
	}

	/**
	 * How an incoming answer relates to a thread.
	 */
	public enum Match {

		/** The thread waits for exactly this call. */
		PENDING,

		/** The thread took an answer to this call before: the new one is a duplicate. */
		ALREADY_ANSWERED,

		/**
		 * The thread is running, failed, cancelled, or waits for another call or kind.
		 */
		NOT_PENDING

	}

}
