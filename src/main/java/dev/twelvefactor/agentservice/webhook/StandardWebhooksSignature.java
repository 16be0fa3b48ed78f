package dev.twelvefactor.agentservice.webhook;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import org.springframework.util.StringUtils;

/**
 * Verifies deliveries with the Standard Webhooks library (HMAC-SHA256 over id, timestamp
 * and body; five minutes either way; any of several signatures), and says in words what
 * was wrong.
 */
class StandardWebhooksSignature implements SignatureCheck {

	static final String ID_HEADER = Webhook.UNBRANDED_MSG_ID_KEY;

	static final String TIMESTAMP_HEADER = Webhook.UNBRANDED_MSG_TIMESTAMP_KEY;

	static final String SIGNATURE_HEADER = Webhook.UNBRANDED_MSG_SIGNATURE_KEY;

	/** How the library says that a timestamp is out of its window. */
	private static final String STALE = "Message timestamp";

	private final Webhook webhook;

	StandardWebhooksSignature(Webhook webhook) {
		this.webhook = webhook;
	}

	@Override
	public void verify(String id, String timestamp, String signatures, byte[] body) {
		if (!StringUtils.hasText(id) || !StringUtils.hasText(timestamp) || !StringUtils.hasText(signatures)) {
			throw new InvalidSignature("The delivery lacks one of the headers " + ID_HEADER + ", " + TIMESTAMP_HEADER
					+ " and " + SIGNATURE_HEADER + ".");
		}
		if (!timestamp.strip().matches("-?[0-9]{1,18}")) {
			throw new InvalidSignature(TIMESTAMP_HEADER + " must be whole seconds since the epoch.");
		}
		Map<String, List<String>> headers = Map.of(ID_HEADER, List.of(id), TIMESTAMP_HEADER, List.of(timestamp.strip()),
				SIGNATURE_HEADER, List.of(signatures.strip().replaceAll(" +", " ")));
		try {
			this.webhook.verify(new String(body, StandardCharsets.UTF_8), headers);
		}
		catch (WebhookVerificationException ex) {
			throw new InvalidSignature(String.valueOf(ex.getMessage()).startsWith(STALE)
					? TIMESTAMP_HEADER + " is more than 5 minutes away from the service's clock."
					: "No v1 signature in " + SIGNATURE_HEADER + " matches the body.");
		}
	}

	@Override
	public boolean isSigned() {
		return true;
	}

	@Override
	public String toString() {
		return "StandardWebhooksSignature[secret=(set)]";
	}

}
