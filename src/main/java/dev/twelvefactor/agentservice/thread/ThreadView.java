package dev.twelvefactor.agentservice.thread;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A thread as {@code GET /thread/{id}} shows it: the workshop's {@code events} shape,
 * plus what a paused thread waits for, why a failed one stopped and who cancelled a
 * cancelled one.
 *
 * @param threadId the thread's id
 * @param status where it stands
 * @param events what happened so far
 * @param waitingFor the call a paused thread waits for, else absent
 * @param failure why and where a failed thread stopped, else absent
 * @param createdAt when it was launched
 * @param updatedAt when it last changed
 * @param cancellation who cancelled a cancelled thread, why and when, else absent
 * @param channel where the thread's requests go, when it has its own channel; absent for
 * the service's default channels
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ThreadView(UUID threadId, ThreadStatus status, List<Event> events, PendingCall waitingFor, Failure failure,
		Instant createdAt, Instant updatedAt, Cancellation cancellation, Channel channel) {

	public static ThreadView of(AgentThread thread) {
		return new ThreadView(thread.id(), thread.status(), thread.events(), thread.waitingFor(), thread.failure(),
				thread.createdAt(), thread.updatedAt(), thread.cancellation(), thread.channel());
	}

}
