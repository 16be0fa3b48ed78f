package dev.twelvefactor.agentservice.humanlayer;

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

}
