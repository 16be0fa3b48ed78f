package dev.twelvefactor.agentservice.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.StringUtils;

/**
 * Signs and verifies deliveries the Standard Webhooks way, so {@code /webhook} acts only
 * on bodies sent by a holder of the shared secret.
 */
public final class WebhookSignature {

	/** The delivery's id, the same on every attempt to deliver one message. */
	public static final String ID_HEADER = "webhook-id";

	/** When the delivery was signed, in seconds since the epoch. */
	public static final String TIMESTAMP_HEADER = "webhook-timestamp";

	/** Space-separated {@code v1,<base64 HMAC-SHA256>} signatures. */
	public static final String SIGNATURE_HEADER = "webhook-signature";

	/** How far a timestamp may be from now, either way. */
	static final Duration TOLERANCE = Duration.ofMinutes(5);

	private static final String SECRET_PREFIX = "whsec_";

	private static final String VERSION = "v1";

	private static final int MINIMUM_KEY_BYTES = 24;

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private final Clock clock;

	/**
	 * Prepares signing and verifying with one secret.
	 * @param secret {@code whsec_} followed by the base64 of at least 24 random bytes
	 * @throws IllegalArgumentException when the secret has another form; the message does
	 * not show it
	 */
	public WebhookSignature(String secret) {
		this(secret, Clock.systemUTC());
	}

	WebhookSignature(String secret, Clock clock) {
		this.key = new SecretKeySpec(decode(secret), ALGORITHM);
		this.clock = clock;
	}

	private static byte[] decode(String secret) {
		if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
			throw new IllegalArgumentException("HUMANLAYER_WEBHOOK_SECRET must start with " + SECRET_PREFIX);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()).trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"HUMANLAYER_WEBHOOK_SECRET must be " + SECRET_PREFIX + " followed by base64");
		}
		if (key.length < MINIMUM_KEY_BYTES) {
			throw new IllegalArgumentException(
					"HUMANLAYER_WEBHOOK_SECRET must hold at least " + MINIMUM_KEY_BYTES + " bytes of key");
		}
		return key;
	}

	/**
	 * The headers that sign one delivery now.
	 * @param id the delivery's id
	 * @param body the exact bytes that will be sent
	 * @return {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}
	 */
	public Map<String, String> headers(String id, byte[] body) {
		long timestamp = this.clock.instant().getEpochSecond();
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
		return VERSION + "," + Base64.getEncoder().encodeToString(hmac(id, Long.toString(timestamp), body));
	}

	/**
	 * Checks that a delivery was signed with this secret within the last five minutes.
	 * @param id the {@code webhook-id} header
	 * @param timestamp the {@code webhook-timestamp} header
	 * @param signatures the {@code webhook-signature} header
	 * @param body the raw body as received
	 * @throws InvalidSignature when a header is missing or malformed, the timestamp is
	 * out of tolerance, or no signature matches
	 */
	void verify(String id, String timestamp, String signatures, byte[] body) {
		if (!StringUtils.hasText(id) || !StringUtils.hasText(timestamp) || !StringUtils.hasText(signatures)) {
			throw new InvalidSignature("The delivery lacks one of the headers " + ID_HEADER + ", " + TIMESTAMP_HEADER
					+ " and " + SIGNATURE_HEADER + ".");
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidSignature(TIMESTAMP_HEADER + " must be whole seconds since the epoch.");
		}
		Duration age = Duration.between(Instant.ofEpochSecond(seconds), this.clock.instant());
		if (age.abs().compareTo(TOLERANCE) > 0) {
			throw new InvalidSignature(TIMESTAMP_HEADER + " is more than " + TOLERANCE.toMinutes()
					+ " minutes away from the service's clock.");
		}
		byte[] expected = hmac(id, timestamp.trim(), body);
		for (String candidate : signatures.trim().split(" +")) {
			if (matches(candidate, expected)) {
				return;
			}
		}
		throw new InvalidSignature("No " + VERSION + " signature in " + SIGNATURE_HEADER + " matches the body.");
	}

	private static boolean matches(String candidate, byte[] expected) {
		int comma = candidate.indexOf(',');
		if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
			return false;
		}
		try {
			return MessageDigest.isEqual(Base64.getDecoder().decode(candidate.substring(comma + 1)), expected);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private byte[] hmac(String id, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "WebhookSignature[secret=(set)]";
	}

}
