package dev.twelvefactor.agentservice.webhook;

import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;
import dev.twelvefactor.agentservice.thread.ThreadProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link WebhookDeliveries} says at startup about deliveries it cannot prove real.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookStartupTests {

	private static final String INBOUND_WARNING = "a conversation.created, agent_email.received or "
			+ "agent_slack.received delivery cannot be read back from HumanLayer";

	@Test
	void withHumanLayerCloudAndNoSecretItWarnsThatMessagesBeginningThreadsCannotBeReadBack(CapturedOutput output) {
		deliveries(new HumanLayerProperties(null, "hl-key", "12fa-agent", "ops@example.com", null, null, null, null),
				SignatureCheck.UNSIGNED);
		assertThat(output).contains("WARN").contains(INBOUND_WARNING).doesNotContain("hl-key");
	}

	@Test
	void withTheLocalInboxItDoesNotWarnAboutHumanLayer(CapturedOutput output) {
		deliveries(new HumanLayerProperties(null, null, "12fa-agent", null, null, null, null, null),
				SignatureCheck.UNSIGNED);
		assertThat(output).doesNotContain(INBOUND_WARNING);
	}

	private static void deliveries(HumanLayerProperties humanLayer, SignatureCheck signature) {
		new WebhookDeliveries(null, null, JsonMapper.builder().build(), new SimpleMeterRegistry(), signature,
				Confirmation.AS_DELIVERED, new RecentDeliveries(), new RecentStarts(), humanLayer,
				new ThreadProperties(32768, 1000, DataSize.ofMegabytes(1), null));
	}

}
