package dev.twelvefactor.agentservice.tool;

import org.springframework.util.Assert;

/**
 * What a tool call gave: a result, recorded as a {@code tool_response} event the model
 * reads, or an error, recorded as an {@code error} event that counts toward the thread's
 * errors in a row, so the model can correct its call.
 *
 * @param content the result, JSON-ready (a string, a number, a map or a list);
 * {@code null} for an error
 * @param error what went wrong, in words for the model; {@code null} for a result
 */
public record ToolResult(Object content, String error) {

	public ToolResult {
		Assert.isTrue((content == null) != (error == null), "A tool result has either content or an error");
	}

	public static ToolResult of(Object content) {
		return new ToolResult(content, null);
	}

	public static ToolResult error(String message) {
		return new ToolResult(null, message);
	}

	public boolean isError() {
		return this.error != null;
	}

}
