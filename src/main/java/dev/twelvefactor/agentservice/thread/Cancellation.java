package dev.twelvefactor.agentservice.thread;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who cancelled a thread, why and when, kept on the cancelled thread for its readers.
 *
 * @param reason why, as the one who cancelled said, else {@code null}
 * @param requestedBy who asked, as the request said
 * @param at when the thread was cancelled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cancellation(String reason, String requestedBy, Instant at) {

}
