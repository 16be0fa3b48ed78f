package dev.twelvefactor.agentservice.mcp;

import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What of a tool result goes on the thread.
 */
class McpResultsTests {

	@Test
	void textPartsAreJoinedAndWhatIsNotTextIsNamed() {
		CallToolResult result = CallToolResult.builder()
			.addTextContent("first")
			.addContent(new McpSchema.ImageContent(null, "aGk=", "image/png"))
			.addTextContent("second")
			.build();
		assertThat(McpResults.text(result, 1000)).isEqualTo("first\n[image image/png]\nsecond");
	}

	@Test
	void anErrorResultSaysItIsOne() {
		CallToolResult result = CallToolResult.builder().addTextContent("no such repository").isError(true).build();
		assertThat(McpResults.text(result, 1000)).isEqualTo("error: no such repository");
	}

	@Test
	void structuredContentStandsInWhenThereIsNoText() {
		CallToolResult result = CallToolResult.builder().content(List.of()).structuredContent(Map.of("n", 1)).build();
		assertThat(McpResults.text(result, 1000)).isEqualTo("{\"n\":1}");
	}

	@Test
	void aLongResultIsCutWithoutSplittingACharacterAndSaysSo() {
		String text = "ab€€€";
		assertThat(McpResults.truncate(text, 11)).isEqualTo(text);
		assertThat(McpResults.truncate(text, 6))
			.isEqualTo("ab€\n[truncated: the result has 11 bytes, 6 kept (AGENT_MCP_MAX_RESULT_SIZE)]");
		assertThat(McpResults.truncate(text, 7)).startsWith("ab€\n");
	}

}
