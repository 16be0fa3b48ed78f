package dev.twelvefactor.agentservice.humanlayer;

import dev.twelvefactor.agentservice.thread.Channel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link HumanLayerProperties}.
 */
class HumanLayerPropertiesTests {

	@Test
	void aKeyWithoutAnEmailStopsStartUpNamingTheVariable() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new HumanLayerProperties(null, "hl-secret-key", "12fa-agent", "", null, null, null, null))
			.withMessageContaining("HUMANLAYER_EMAIL");
	}

	@Test
	void noKeyNeedsNoEmail() {
		assertThat(new HumanLayerProperties(null, "", "12fa-agent", null, null, null, null, null).isCloud()).isFalse();
	}

	@Test
	void aKeyMeansTheCloud() {
		assertThat(
				new HumanLayerProperties(null, "hl-secret-key", "12fa-agent", "ops@example.com", null, null, null, null)
					.isCloud())
			.isTrue();
	}

	@Test
	void anEmptyRunIdIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new HumanLayerProperties(null, null, " ", null, null, null, null, null))
			.withMessageContaining("HUMANLAYER_RUN_ID");
	}

	@Test
	void toStringNeverShowsTheKey() {
		String text = new HumanLayerProperties("https://api.humanlayer.dev/humanlayer/v1", "hl-secret-key",
				"12fa-agent", "ops@example.com", null, null, null, null)
			.toString();
		assertThat(text).doesNotContain("hl-secret-key").contains("apiKey=(set)");
	}

	@Test
	void toStringTellsWhenNoKeyIsSet() {
		assertThat(new HumanLayerProperties(null, null, "12fa-agent", null, null, null, null, null).toString())
			.contains("apiKey=(unset)");
	}

	@Test
	void aKeyWithASlackChannelNeedsNoEmail() {
		HumanLayerProperties properties = new HumanLayerProperties(null, "hl-secret-key", "12fa-agent", null,
				"C0123ABC", "the team", null, null);
		assertThat(properties.defaultChannel()).isEqualTo(Channel.of(new Channel.Slack("C0123ABC", "the team", null)));
		assertThat(properties.approvalChannel()).isEqualTo(properties.defaultChannel());
	}

	@Test
	void aSlackChannelNameInsteadOfAnIdStopsStartUpNamingTheVariable() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new HumanLayerProperties(null, null, "12fa-agent", null, "#general", null, null, null))
			.withMessageStartingWith("HUMANLAYER_SLACK_CHANNEL: ");
	}

	@Test
	void anEmailAndASlackChannelAtOnceStopStartUp() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new HumanLayerProperties(null, null, "12fa-agent", "ops@example.com", "C0123ABC", null,
					null, null))
			.withMessageContaining("not both");
	}

	@Test
	void approvalsHaveTheirOwnChannelWhenOneIsSet() {
		HumanLayerProperties properties = new HumanLayerProperties(null, null, "12fa-agent", "user@example.com", null,
				null, null, "U0123ABC");
		assertThat(properties.defaultChannel()).isEqualTo(Channel.of(new Channel.Email("user@example.com", null)));
		assertThat(properties.approvalChannel()).isEqualTo(Channel.of(new Channel.Slack("U0123ABC", null, null)));
	}

}
