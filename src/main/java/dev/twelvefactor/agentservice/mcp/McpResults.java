package dev.twelvefactor.agentservice.mcp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an MCP tool result into the text the thread keeps and the model reads: its text
 * content, a placeholder for what is not text, an error result marked as one, and all of
 * it cut to a bounded size so that no server can grow a thread without bound.
 */
final class McpResults {

	private static final JsonMapper json = JsonMapper.builder().build();

	private McpResults() {
	}

	/**
	 * The result as text, at most {@code maxBytes} of UTF-8 and a note of what was cut.
	 * @param result what the server answered
	 * @param maxBytes the most of the result kept
	 * @return the text for the {@code tool_response} event
	 */
	static String text(CallToolResult result, long maxBytes) {
		String text = String.join("\n", parts(result));
		return Boolean.TRUE.equals(result.isError()) ? truncate("error: " + text, maxBytes) : truncate(text, maxBytes);
	}

	private static List<String> parts(CallToolResult result) {
		List<String> parts = new ArrayList<>();
		for (McpSchema.Content content : (result.content() != null) ? result.content() : List.<McpSchema.Content>of()) {
			parts.add(part(content));
		}
		if (parts.isEmpty() && result.structuredContent() != null) {
			parts.add(json.writeValueAsString(result.structuredContent()));
		}
		return parts;
	}

	private static String part(McpSchema.Content content) {
		if (content instanceof McpSchema.TextContent text) {
			return text.text();
		}
		if (content instanceof McpSchema.EmbeddedResource embedded) {
			return (embedded.resource() instanceof McpSchema.TextResourceContents text) ? text.text()
					: "[resource " + embedded.resource().uri() + "]";
		}
		if (content instanceof McpSchema.ResourceLink link) {
			return "[resource " + link.uri() + "]";
		}
		if (content instanceof McpSchema.ImageContent image) {
			return "[image " + image.mimeType() + "]";
		}
		if (content instanceof McpSchema.AudioContent audio) {
			return "[audio " + audio.mimeType() + "]";
		}
		return "[" + content.type() + "]";
	}

	/**
	 * The text's start that fits in {@code maxBytes} of UTF-8, never splitting a
	 * character, with a note of the whole size when anything was cut.
	 */
	static String truncate(String text, long maxBytes) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		if (utf8.length <= maxBytes) {
			return text;
		}
		CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
		ByteBuffer kept = ByteBuffer.allocate((int) maxBytes);
		CharBuffer chars = CharBuffer.wrap(text);
		encoder.encode(chars, kept, true);
		String start = text.substring(0, chars.position());
		return start + "\n[truncated: the result has " + utf8.length + " bytes, " + maxBytes
				+ " kept (AGENT_MCP_MAX_RESULT_SIZE)]";
	}

}
