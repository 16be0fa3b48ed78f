package dev.twelvefactor.agentservice.http;

import okhttp3.Request;

/**
 * Tells {@link RetryInterceptor} how to learn whether a create whose try failed reached
 * the server after all: a try that timed out or failed on the way back may have been
 * stored, and posting it again would make a second one, or a conflict. Tag the create
 * with it ({@code Request.Builder.tag(ReadBack.class, ...)}); before the create is sent
 * again, this read is sent, and only a {@code 404} lets the create go again. Any other
 * answer stands for the create's: a {@code 2xx} means it was stored.
 *
 * @param request the read of what the create makes, such as {@code GET
 * /function_calls/{call_id}} for {@code POST /function_calls}
 */
public record ReadBack(Request request) {

}
