package dev.twelvefactor.agentservice.humanlayer;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContactChannel}: every field HumanLayer's SDKs define is read and
 * written back unchanged.
 */
class ContactChannelTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void everyFieldOfEveryKindOfChannelRoundTrips() throws IOException {
		JsonNode channels = fixture();
		for (JsonNode channel : channels) {
			ContactChannel read = this.json.treeToValue(channel, ContactChannel.class);
			JsonNode written = this.json.readTree(this.json.writeValueAsString(read));
			assertThat(written).as(channel.toString()).isEqualTo(channel);
		}
	}

	@Test
	void aSlackBotTokenIsNotShown() throws IOException {
		ContactChannel slack = this.json.treeToValue(fixture().get(1), ContactChannel.class);
		assertThat(slack.toString()).doesNotContain("xoxb-secret").contains("botToken=(set)");
	}

	private JsonNode fixture() throws IOException {
		try (InputStream in = new ClassPathResource("contact-channels.json", getClass()).getInputStream()) {
			return this.json.readTree(in);
		}
	}

}
