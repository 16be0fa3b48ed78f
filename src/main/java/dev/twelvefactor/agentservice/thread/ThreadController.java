package dev.twelvefactor.agentservice.thread;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Launches threads and shows them; the loop itself runs elsewhere.
 */
@RestController
@Tag(name = "threads", description = "Launch threads, read them, answer, retry and cancel them")
class ThreadController {

	private static final Logger logger = LoggerFactory.getLogger(ThreadController.class);

	/** The longest {@code requested_by} of a cancel kept: a name, not a document. */
	static final int MAX_REQUESTED_BY_LENGTH = 200;

	private final ThreadStore threads;

	private final ThreadRunner runner;

	private final ThreadProperties properties;

	ThreadController(ThreadStore threads, ThreadRunner runner, ThreadProperties properties) {
		this.threads = threads;
		this.runner = runner;
		this.properties = properties;
	}

	@Operation(summary = "Launch a thread",
			description = "Stores a thread with the user's message, starts its loop "
					+ "in the background and answers at once; poll GET /thread/{id} or follow GET /thread/{id}/events. "
					+ "With channel, the thread's requests to people go there instead of the default channels.")
	@ApiResponse(responseCode = "202", description = "Launched; Location names the thread", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "503", ref = "overloaded")
	@PostMapping(path = "/thread", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Launched> launch(@Valid @RequestBody Launch launch) {
		checkLength(launch.message());
		checkChannel(launch.channel());
		AgentThread thread = this.threads.create(launch.message(), null, launch.channel());
		try {
			this.runner.start(thread.id());
		}
		catch (Overloaded ex) {
			this.threads.delete(thread.id());
			throw ex;
		}
		return ResponseEntity.accepted()
			.location(URI.create("/thread/" + thread.id()))
			.body(new Launched(thread.id(), "processing"));
	}

	/**
	 * Lists the most recently launched threads, for a page that shows what runs.
	 * @param limit how many, at most
	 * @return the threads, newest first, without their events
	 */
	@Operation(summary = "List the most recent threads, newest first, without their events")
	@GetMapping("/thread")
	List<Summary> recent(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
		return this.threads.recent(limit).stream().map(Summary::of).toList();
	}

	@Operation(summary = "Read a thread: its status, events, pending call or failure")
	@ApiResponse(responseCode = "200", description = "The thread", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", ref = "thread-not-found")
	@GetMapping("/thread/{id}")
	ThreadView show(@PathVariable String id) {
		return this.threads.find(ThreadNotFound.parseId(id))
			.map(ThreadView::of)
			.orElseThrow(() -> new ThreadNotFound(id));
	}

	/**
	 * Lets the user answer a paused thread directly: a message answers a pending
	 * question, and rejects a pending approval with the message as the comment. The same
	 * matching and dedupe rules apply as to a webhook. A message that names the call it
	 * answers is refused once the thread waits for another.
	 * @param id the thread
	 * @param message the user's message, and optionally the call it answers
	 * @return 202 when applied, 200 when it raced an answer to the same call
	 */
	@Operation(summary = "Answer a paused thread as the user",
			description = "Answers a pending question or done_for_now message, or rejects a pending approval "
					+ "with the message as the comment. With call_id, only that call: "
					+ "a message never lands on a call the client has not seen.")
	@ApiResponse(responseCode = "202", description = "Applied: the thread runs again", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "200", description = "Duplicate: an answer to the same call was applied before",
			useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "thread-not-found")
	@ApiResponse(responseCode = "409",
			description = "urn:problem-type:thread-not-paused, urn:problem-type:thread-cancelled, or "
					+ "urn:problem-type:call-not-pending when the "
					+ "thread stopped waiting for that call meanwhile or waits for another than call_id",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@PostMapping(path = "/thread/{id}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Answered> message(@PathVariable String id, @Valid @RequestBody Reply message) {
		checkLength(message.message());
		AgentThread thread = this.threads.find(ThreadNotFound.parseId(id)).orElseThrow(() -> new ThreadNotFound(id));
		if (thread.status() == ThreadStatus.CANCELLED) {
			throw new ThreadCancelled(thread, "it takes no message.");
		}
		if (!thread.isPaused()) {
			throw new ThreadNotPaused(thread);
		}
		String callId = (message.callId() != null) ? message.callId() : thread.pending().callId();
		boolean approval = thread.pending().kind() == CallKind.FUNCTION_CALL;
		Respondent respondent = new Respondent(callId, Respondent.THREAD_MESSAGE, Instant.now().toString(), null,
				approval ? Boolean.FALSE : null, approval ? message.message() : null);
		HumanAnswer answer = approval ? new HumanAnswer.Rejection(callId, message.message(), respondent)
				: new HumanAnswer.Reply(callId, message.message(), respondent);
		if (!callId.equals(thread.pending().callId())) {
			throw new CallNotPending(thread, answer);
		}
		ThreadRunner.Resumption outcome = this.runner.resume(thread.id(), answer);
		Answered answered = new Answered(thread.id(), callId, outcome.name().toLowerCase(Locale.ROOT));
		return (outcome == ThreadRunner.Resumption.APPLIED) ? ResponseEntity.accepted().body(answered)
				: ResponseEntity.ok(answered);
	}

	/**
	 * Runs the step a failed thread failed at once more.
	 * @param id the thread
	 * @return 202 with the thread's id
	 */
	@Operation(summary = "Run the step a failed thread failed at once more")
	@ApiResponse(responseCode = "202", description = "Retrying: the same pending call is sent again, or the loop runs",
			useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", ref = "thread-not-found")
	@ApiResponse(responseCode = "409",
			description = "urn:problem-type:thread-not-failed, or urn:problem-type:thread-cancelled when it was "
					+ "cancelled",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "503", ref = "overloaded")
	@PostMapping("/thread/{id}/retry")
	ResponseEntity<Launched> retry(@PathVariable String id) {
		UUID threadId = ThreadNotFound.parseId(id);
		this.runner.retry(threadId);
		return ResponseEntity.accepted()
			.location(URI.create("/thread/" + threadId))
			.body(new Launched(threadId, "processing"));
	}

	/**
	 * Ends a thread for good, unless it finished or was cancelled before: a running loop
	 * records nothing more and asks the model no more, and the call a paused thread waits
	 * for takes no answer.
	 * @param id the thread
	 * @param cancel why and who asks, both optional
	 * @return the cancelled thread
	 */
	@Operation(summary = "Cancel a thread",
			description = "Ends a running, paused or failed thread for good: a running loop makes no further "
					+ "model call after the step under way, the pending call is withdrawn, and later answers, "
					+ "messages and retries are refused with thread-cancelled.")
	@ApiResponse(responseCode = "200", description = "Cancelled", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "thread-not-found")
	@ApiResponse(responseCode = "409",
			description = "urn:problem-type:thread-cancelled when it was cancelled before, "
					+ "urn:problem-type:thread-finished when its done_for_now message waits only for a reply",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@PostMapping("/thread/{id}/cancel")
	ThreadView cancel(@PathVariable String id, @RequestBody(required = false) Cancel cancel) {
		UUID threadId = ThreadNotFound.parseId(id);
		String reason = (cancel != null && StringUtils.hasText(cancel.reason())) ? cancel.reason() : null;
		if (reason != null && reason.length() > this.properties.maxMessageLength()) {
			throw InvalidRequest.tooLong("reason", this.properties.maxMessageLength());
		}
		String requestedBy = (cancel != null && StringUtils.hasText(cancel.requestedBy())) ? cancel.requestedBy()
				: Cancel.DEFAULT_REQUESTED_BY;
		if (requestedBy.length() > MAX_REQUESTED_BY_LENGTH) {
			throw InvalidRequest.tooLong("requested_by", MAX_REQUESTED_BY_LENGTH);
		}
		Cancellation cancellation = new Cancellation(reason, requestedBy, Instant.now());
		AgentThread cancelled = this.threads.update(threadId, (thread) -> {
			if (thread.status() == ThreadStatus.CANCELLED) {
				throw new ThreadCancelled(thread, "it cannot be cancelled again.");
			}
			if (thread.isFinished()) {
				throw new ThreadFinished(thread);
			}
			return thread.cancel(cancellation);
		}).orElseThrow(() -> new ThreadNotFound(id));
		logger.info("Thread {} was cancelled by {}.", threadId, requestedBy);
		return ThreadView.of(cancelled);
	}

	private void checkLength(String message) {
		if (message.length() > this.properties.maxMessageLength()) {
			throw InvalidRequest.tooLong("message", this.properties.maxMessageLength());
		}
	}

	private static void checkChannel(Channel channel) {
		if (channel == null) {
			return;
		}
		try {
			channel.check();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequest(ex.getMessage());
		}
	}

	/**
	 * A thread to launch.
	 *
	 * @param message the user's message
	 * @param channel where the thread's requests to people go; absent for the default
	 * channels
	 */
	record Launch(@NotNull @NotBlank String message, Channel channel) {
	}

	/**
	 * A user's answer to a paused thread.
	 *
	 * @param message the answer
	 * @param callId the call it answers, as the client last saw it; absent: whatever call
	 * the thread waits for
	 */
	record Reply(@NotNull @NotBlank String message, String callId) {
	}

	/**
	 * Why a thread is cancelled, and who asks.
	 *
	 * @param reason why, at most as long as a message
	 * @param requestedBy who asks; {@code api} when absent
	 */
	record Cancel(String reason, String requestedBy) {

		static final String DEFAULT_REQUESTED_BY = "api";

	}

	record Launched(UUID threadId, String status) {
	}

	record Answered(UUID threadId, String callId, String status) {
	}

	/**
	 * A thread in a list: where it stands and the message it was launched with.
	 */
	record Summary(UUID threadId, ThreadStatus status, Instant createdAt, Instant updatedAt, String message) {

		static Summary of(AgentThread thread) {
			Event first = thread.events().get(0);
			return new Summary(thread.id(), thread.status(), thread.createdAt(), thread.updatedAt(),
					first.is(Event.USER_INPUT) ? String.valueOf(first.data()) : null);
		}

	}

	static class InvalidRequest extends ErrorResponseException {

		InvalidRequest(String detail) {
			super(HttpStatus.BAD_REQUEST);
			getBody().setType(URI.create("urn:problem-type:invalid-request"));
			getBody().setTitle("Invalid request");
			getBody().setDetail(detail);
		}

		static InvalidRequest tooLong(String field, int maximum) {
			return new InvalidRequest(field + " must be at most " + maximum + " characters long");
		}

	}

}
