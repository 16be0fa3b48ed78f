package dev.twelvefactor.agentservice.thread;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Launches threads and shows them; the loop itself runs elsewhere.
 */
@RestController
class ThreadController {

	private final ThreadStore threads;

	private final ThreadRunner runner;

	private final ThreadProperties properties;

	ThreadController(ThreadStore threads, ThreadRunner runner, ThreadProperties properties) {
		this.threads = threads;
		this.runner = runner;
		this.properties = properties;
	}

	@PostMapping(path = "/thread", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Launched> launch(@Valid @RequestBody Launch launch) {
		if (launch.message().length() > this.properties.maxMessageLength()) {
			throw new MessageTooLong(this.properties.maxMessageLength());
		}
		AgentThread thread = this.threads.create(launch.message());
		this.runner.start(thread.id());
		return ResponseEntity.accepted()
			.location(URI.create("/thread/" + thread.id()))
			.body(new Launched(thread.id(), "processing"));
	}

	@GetMapping("/thread/{id}")
	ThreadView show(@PathVariable String id) {
		return this.threads.find(parseId(id)).map(ThreadView::of).orElseThrow(() -> new ThreadNotFound(id));
	}

	/**
	 * Reads a thread id from a path; an id that is no UUID names no thread.
	 * @param id the id as given
	 * @return the id
	 */
	static UUID parseId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ThreadNotFound(id);
		}
	}

	record Launch(@NotNull @NotBlank String message) {
	}

	record Launched(UUID threadId, String status) {
	}

	static class MessageTooLong extends ErrorResponseException {

		MessageTooLong(int maximum) {
			super(HttpStatus.BAD_REQUEST);
			getBody().setType(URI.create("urn:problem-type:invalid-request"));
			getBody().setTitle("Invalid request");
			getBody().setDetail("message must be at most " + maximum + " characters long");
		}

	}

}
