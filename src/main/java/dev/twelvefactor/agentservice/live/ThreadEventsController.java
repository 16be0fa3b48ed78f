package dev.twelvefactor.agentservice.live;

import java.util.UUID;

import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.twelvefactor.agentservice.thread.ThreadStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves a thread's events as a server-sent event stream, so pages and API clients follow
 * a thread without polling it.
 */
@RestController
@Tag(name = "threads")
class ThreadEventsController {

	private final ThreadStore threads;

	private final ThreadStreams streams;

	ThreadEventsController(ThreadStore threads, ThreadStreams streams) {
		this.threads = threads;
		this.streams = streams;
	}

	/**
	 * Streams the thread's events after {@code Last-Event-ID} (all of them without it),
	 * its status, then each change as it happens.
	 * @param id the thread
	 * @param lastEventId the index of the last event the client has, when it reconnects
	 * @return the stream
	 */
	@Operation(summary = "Follow a thread as server-sent events",
			description = "thread-event events (id = the event's index) carry {index, type, data, respondent?}; "
					+ "status events carry {status, waiting_for?, failure?}. Send Last-Event-ID to resume.")
	@ApiResponse(responseCode = "200", description = "The stream",
			content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "404", ref = "thread-not-found")
	@GetMapping("/thread/{id}/events")
	SseEmitter events(@PathVariable String id,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		UUID threadId = ThreadNotFound.parseId(id);
		if (this.threads.find(threadId).isEmpty()) {
			throw new ThreadNotFound(id);
		}
		return this.streams.subscribe(threadId, firstIndex(lastEventId));
	}

	/**
	 * The index after the one the client saw last; an id this stream never sent counts as
	 * none, so the client gets every event.
	 */
	private static int firstIndex(String lastEventId) {
		if (lastEventId == null) {
			return 0;
		}
		try {
			return Math.max(0, Integer.parseInt(lastEventId.trim()) + 1);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
