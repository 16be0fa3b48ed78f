package dev.twelvefactor.agentservice.flow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

/**
 * Signs test deliveries as a sender holding the webhook secret would, with the Standard
 * Webhooks library the service verifies with.
 */
public final class Signer {

	public static final String ID_HEADER = Webhook.UNBRANDED_MSG_ID_KEY;

	public static final String TIMESTAMP_HEADER = Webhook.UNBRANDED_MSG_TIMESTAMP_KEY;

	public static final String SIGNATURE_HEADER = Webhook.UNBRANDED_MSG_SIGNATURE_KEY;

	private final Webhook webhook;

	public Signer(String secret) {
		this.webhook = new Webhook(secret);
	}

	/**
	 * The headers that sign one delivery now.
	 * @param id the delivery's id
	 * @param body the exact bytes that will be sent
	 * @return {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}
	 */
	public Map<String, String> headers(String id, byte[] body) {
		long timestamp = Instant.now().getEpochSecond();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(ID_HEADER, id);
		headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
		headers.put(SIGNATURE_HEADER, sign(id, timestamp, body));
		return headers;
	}

	/**
	 * Signs one delivery.
	 * @param id the delivery's id
	 * @param timestamp when it is signed, in seconds since the epoch
	 * @param body the exact bytes of the body
	 * @return the signature as {@code v1,<base64>}
	 */
	public String sign(String id, long timestamp, byte[] body) {
		try {
			return this.webhook.sign(id, timestamp, new String(body, StandardCharsets.UTF_8));
		}
		catch (WebhookSigningException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
