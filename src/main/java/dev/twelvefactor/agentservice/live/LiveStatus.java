package dev.twelvefactor.agentservice.live;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Cancellation;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.ThreadStatus;

/**
 * The data of a {@code status} event: where the thread stands, sent on connect and
 * whenever it changes.
 *
 * @param status the thread's status
 * @param waitingFor the call a paused thread waits for, else absent
 * @param failure why a failed thread stopped, else absent
 * @param cancellation who cancelled a cancelled thread, why and when, else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LiveStatus(ThreadStatus status, PendingCall waitingFor, Failure failure, Cancellation cancellation) {

	static LiveStatus of(AgentThread thread) {
		return new LiveStatus(thread.status(), thread.waitingFor(), thread.failure(), thread.cancellation());
	}

}
