package dev.twelvefactor.agentservice.thread;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders the thread's domain exceptions, wherever a request meets them, as the problems
 * docs/errors.md catalogues; ordered ahead of web/'s catch-all, which would answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ThreadProblems {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> threadNotFound(ThreadNotFound ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(problem(HttpStatus.NOT_FOUND, "thread-not-found", "Thread not found", ex));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> threadNotPaused(ThreadNotPaused ex) {
		return conflict("thread-not-paused", "Thread not paused", ex, ex.status());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> callNotPending(CallNotPending ex) {
		return conflict("call-not-pending", "Call not pending", ex, ex.status());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> threadNotFailed(ThreadNotFailed ex) {
		return conflict("thread-not-failed", "Thread not failed", ex, ex.status());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> threadCancelled(ThreadCancelled ex) {
		return conflict("thread-cancelled", "Thread cancelled", ex, ThreadStatus.CANCELLED);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> threadFinished(ThreadFinished ex) {
		return conflict("thread-finished", "Thread finished", ex, ThreadStatus.AWAITING_HUMAN_RESPONSE);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> overloaded(Overloaded ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Overloaded", ex));
	}

	/**
	 * A 409 about where a thread stands, which the problem tells as
	 * {@code thread_status}.
	 */
	private static ResponseEntity<ProblemDetail> conflict(String type, String title, RuntimeException ex,
			ThreadStatus status) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, type, title, ex);
		problem.setProperty("thread_status", status.jsonName());
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setType(URI.create("urn:problem-type:" + type));
		problem.setTitle(title);
		return problem;
	}

}
