package dev.twelvefactor.agentservice.live;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.Origin;
import dev.twelvefactor.agentservice.thread.Respondent;

/**
 * The data of a {@code thread-event}: one event of the thread with its position, which is
 * also the SSE event's id.
 *
 * @param index the event's position in the thread, from 0
 * @param type the event's type
 * @param data the event's data
 * @param respondent who answered, on an event that records a person's answer
 * @param origin where the message came from, on the first event of a thread that began
 * outside the API
 */
record LiveEvent(int index, String type, Object data, @JsonInclude(JsonInclude.Include.NON_NULL) Respondent respondent,
		@JsonInclude(JsonInclude.Include.NON_NULL) Origin origin) {

	static LiveEvent of(int index, Event event) {
		return new LiveEvent(index, event.type(), event.data(), event.respondent(), event.origin());
	}

}
