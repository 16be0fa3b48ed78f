package dev.twelvefactor.agentservice.inbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * @param webhookError why the webhook did not take the answer given here, else
 * {@code null}
 * @param outbox the webhook that carries the answer given here while it is not delivered,
 * else {@code null}
 */
record InboxCall<T>(T asked, T answer, CallState state, UUID threadId, Instant requestedAt, String respondedAt,
		String escalationMsg, String webhookError, Outbox outbox) {

	static <T> InboxCall<T> asked(T call, UUID threadId, Instant requestedAt) {
		return new InboxCall<>(call, null, CallState.PENDING, threadId, requestedAt, null, null, null, null);
	}

	/**
	 * The call as HumanLayer shows it: with the answer given here, if any.
	 * @return the call
	 */
	T call() {
		return (this.answer != null) ? this.answer : this.asked;
	}

	/**
	 * Takes an answer given here, refusing one for a call that is not pending, together
	 * with the webhook that will carry it: one write records both.
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
				this.escalationMsg, null, Outbox.first(Instant.now()));
	}

	/**
	 * Takes the answer to a call of no thread of this service's for good: it stands
	 * whatever the webhook makes of it.
	 * @return the answered call, its webhook still to deliver
	 */
	InboxCall<T> forGood() {
		return new InboxCall<>(this.asked, this.answer, CallState.ANSWERED, this.threadId, this.requestedAt,
				this.respondedAt, this.escalationMsg, this.webhookError, this.outbox);
	}

	/**
	 * Puts a call back to pending after its answer could not be delivered.
	 * @return the pending call
	 */
	InboxCall<T> undelivered() {
		return (this.state == CallState.DELIVERING) ? with(null, CallState.PENDING, null) : this;
	}

	/**
	 * Closes a call whose thread took the answer given here.
	 * @return the answered call, nothing left to deliver
	 */
	InboxCall<T> delivered() {
		return (this.state == CallState.DELIVERING) ? with(this.answer, CallState.ANSWERED, this.respondedAt) : this;
	}

	/**
	 * Notes that the webhook took the answer to a call of no thread of this service's.
	 * @return the call, nothing left to deliver
	 */
	InboxCall<T> sent() {
		return new InboxCall<>(this.asked, this.answer, this.state, this.threadId, this.requestedAt, this.respondedAt,
				this.escalationMsg, null, null);
	}

	InboxCall<T> escalated(String message) {
		return new InboxCall<>(this.asked, this.answer, this.state, this.threadId, this.requestedAt, this.respondedAt,
				message, this.webhookError, this.outbox);
	}

	/**
	 * Notes that the webhook did not take the answer given here.
	 * @param error what the webhook answered, or why it could not be reached
	 * @param again whether to deliver it again later, else it is given up
	 * @return the call, with the error
	 */
	InboxCall<T> undeliverable(String error, boolean again) {
		Outbox next = (again && this.outbox != null) ? this.outbox.later(Instant.now()) : null;
		return new InboxCall<>(this.asked, this.answer, this.state, this.threadId, this.requestedAt, this.respondedAt,
				this.escalationMsg, error, next);
	}

	/**
	 * Takes the next attempt to deliver the answer, if it is due: one replica takes it,
	 * since the write that takes it is atomic.
	 * @param now the time
	 * @return the call with the attempt counted, or this call when none is due
	 */
	InboxCall<T> attempting(Instant now) {
		if (this.outbox == null || this.outbox.nextAttemptAt().isAfter(now)) {
			return this;
		}
		return new InboxCall<>(this.asked, this.answer, this.state, this.threadId, this.requestedAt, this.respondedAt,
				this.escalationMsg, this.webhookError, this.outbox.attempting(now));
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

	/**
	 * The call in another state, with nothing left to deliver.
	 */
	private InboxCall<T> with(T answer, CallState state, String respondedAt) {
		return new InboxCall<>(this.asked, answer, state, this.threadId, this.requestedAt, respondedAt,
				this.escalationMsg, (state == CallState.ANSWERED) ? null : this.webhookError, null);
	}

	/**
	 * The webhook that carries an answer given here until it is delivered: its
	 * {@code webhook-id}, the same on every attempt, so the receiver takes it once; how
	 * often it was tried; and when it is tried next, backing off from
	 * {@link #FIRST_RETRY} to {@link #LONGEST_WAIT}, at most {@value #MAX_ATTEMPTS}
	 * times.
	 *
	 * @param webhookId the {@code webhook-id} of every attempt
	 * @param attempts how many attempts were taken after the first
	 * @param nextAttemptAt when it is due again, should the attempt under way not end
	 */
	record Outbox(String webhookId, int attempts, Instant nextAttemptAt) {

		/** How long an attempt may take before the answer is due again. */
		static final Duration IN_FLIGHT = Duration.ofSeconds(30);

		static final Duration FIRST_RETRY = Duration.ofSeconds(1);

		static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

		/** The most attempts after the first: about two hours of trying. */
		static final int MAX_ATTEMPTS = 30;

		/**
		 * Keeps the time to the microsecond, as a database does, so it reads back the
		 * same.
		 */
		Outbox {
			nextAttemptAt = nextAttemptAt.truncatedTo(ChronoUnit.MICROS);
		}

		static Outbox first(Instant now) {
			return new Outbox("msg_" + UUID.randomUUID(), 0, now.plus(IN_FLIGHT));
		}

		/**
		 * The outbox once an attempt failed: due again after the backoff.
		 */
		Outbox later(Instant now) {
			long seconds = FIRST_RETRY.getSeconds() << Math.min(this.attempts, 20);
			Duration wait = (seconds < LONGEST_WAIT.getSeconds()) ? Duration.ofSeconds(seconds) : LONGEST_WAIT;
			return new Outbox(this.webhookId, this.attempts, now.plus(wait));
		}

		Outbox attempting(Instant now) {
			return new Outbox(this.webhookId, this.attempts + 1, now.plus(IN_FLIGHT));
		}

		/**
		 * Whether another attempt may follow this one.
		 * @return false once the attempts are spent
		 */
		boolean mayRetry() {
			return this.attempts < MAX_ATTEMPTS;
		}

	}

}
