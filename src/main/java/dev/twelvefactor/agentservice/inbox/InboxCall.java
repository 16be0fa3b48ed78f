package dev.twelvefactor.agentservice.inbox;

import java.time.Instant;
import java.util.UUID;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadStatus;

/**
 * One call the local inbox holds, as HumanLayer's object, with where it stands.
 *
 * @param <T> function call or human contact
 * @param asked the call as it was created
 * @param answer the call with the answer given here, else {@code null}
 * @param state where it stands
 * @param threadId the thread named in its {@code spec.state}, or {@code null} when it
 * names none
 * @param requestedAt when the inbox took it
 * @param respondedAt when it was answered here, else {@code null}
 * @param escalationMsg why it was escalated, else {@code null}
 * @param webhookError why the webhook did not take the answer given here, for a call of
 * no thread of this service's, whose answer stands all the same; else {@code null}
 */
record InboxCall<T>(T asked, T answer, CallState state, UUID threadId, Instant requestedAt, String respondedAt,
		String escalationMsg, String webhookError) {

	static <T> InboxCall<T> asked(T call, UUID threadId, Instant requestedAt) {
		return new InboxCall<>(call, null, CallState.PENDING, threadId, requestedAt, null, null, null);
	}

	/**
	 * The call as HumanLayer shows it: with the answer given here, if any.
	 * @return the call
	 */
	T call() {
		return (this.answer != null) ? this.answer : this.asked;
	}

	/**
	 * Takes an answer given here, refusing one for a call that is not pending.
	 * @param callId the call's id, for the problem
	 * @param answered the call with its answer
	 * @param at when it was answered, as the answer says
	 * @return the call, delivering its answer
	 */
	InboxCall<T> answer(String callId, T answered, String at) {
		if (this.state == CallState.THREAD_GONE || this.state == CallState.THREAD_CANCELLED) {
			throw InboxProblem.withdrawn(callId, this.state);
		}
		if (this.state != CallState.PENDING) {
			throw InboxProblem.alreadyAnswered(callId);
		}
		return new InboxCall<>(this.asked, answered, CallState.DELIVERING, this.threadId, this.requestedAt, at,
				this.escalationMsg, null);
	}

	/**
	 * Puts a call back to pending after its answer could not be delivered.
	 * @return the pending call
	 */
	InboxCall<T> undelivered() {
		return (this.state == CallState.DELIVERING) ? with(null, CallState.PENDING, null) : this;
	}

	InboxCall<T> delivered() {
		return (this.state == CallState.DELIVERING) ? with(this.answer, CallState.ANSWERED, this.respondedAt) : this;
	}

	InboxCall<T> escalated(String message) {
		return new InboxCall<>(this.asked, this.answer, this.state, this.threadId, this.requestedAt, this.respondedAt,
				message, this.webhookError);
	}

	/**
	 * Notes that the webhook did not take the answer to a call of no thread of this
	 * service's; the answer stands.
	 * @param error what the webhook answered, or why it could not be reached
	 * @return the answered call, with the error
	 */
	InboxCall<T> undeliverable(String error) {
		return new InboxCall<>(this.asked, this.answer, this.state, this.threadId, this.requestedAt, this.respondedAt,
				this.escalationMsg, error);
	}

	/**
	 * Brings an open call in line with its thread: closed once the thread stopped waiting
	 * for it, as answered here when the thread took the answer given here, withdrawn when
	 * the thread is gone or was cancelled.
	 * @param callId the call's id
	 * @param thread its thread as stored, or {@code null} when the store has none
	 * @param match how the call fits the thread ({@code null} without a thread)
	 * @return the call as it stands now
	 */
	InboxCall<T> settle(String callId, AgentThread thread, AgentThread.Match match) {
		if (!this.state.isOpen() || match == AgentThread.Match.PENDING) {
			return this;
		}
		if (thread == null) {
			return with(null, CallState.THREAD_GONE, null);
		}
		if (thread.status() == ThreadStatus.CANCELLED) {
			return with(null, CallState.THREAD_CANCELLED, null);
		}
		return tookThisAnswer(callId, thread) ? delivered() : with(null, CallState.ANSWERED_ELSEWHERE, null);
	}

	private boolean tookThisAnswer(String callId, AgentThread thread) {
		if (this.state != CallState.DELIVERING) {
			return false;
		}
		for (int i = thread.events().size() - 1; i >= 0; i--) {
			Respondent respondent = thread.events().get(i).respondent();
			if (respondent != null && callId.equals(respondent.callId())) {
				return Respondent.LOCAL_INBOX.equals(respondent.channel())
						&& this.respondedAt.equals(respondent.respondedAt());
			}
		}
		return false;
	}

	private InboxCall<T> with(T answer, CallState state, String respondedAt) {
		return new InboxCall<>(this.asked, answer, state, this.threadId, this.requestedAt, respondedAt,
				this.escalationMsg, this.webhookError);
	}

}
