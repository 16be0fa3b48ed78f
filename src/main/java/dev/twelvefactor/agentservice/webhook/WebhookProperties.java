package dev.twelvefactor.agentservice.webhook;

import java.util.Base64;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * How {@code /webhook} makes sure a delivery is a real answer before acting on it.
 *
 * @param secret the Standard Webhooks secret ({@code whsec_...}) every delivery must be
 * signed with; empty to accept unsigned deliveries
 * @param verifyByFetch whether, with HumanLayer cloud, each completed call is read back
 * from HumanLayer and that answer used instead of the delivered one
 */
@ConfigurationProperties("agent.webhook")
public record WebhookProperties(String secret, @DefaultValue("true") boolean verifyByFetch) {

	private static final String SECRET_PREFIX = "whsec_";

	private static final int MINIMUM_KEY_BYTES = 24;

	/**
	 * Checks the secret's form, which the Standard Webhooks library takes as it comes.
	 * @throws IllegalArgumentException when the secret is not {@code whsec_} followed by
	 * the base64 of at least 24 bytes; the message does not show it
	 */
	public WebhookProperties {
		if (StringUtils.hasText(secret)) {
			checkSecret(secret.strip());
		}
	}

	private static void checkSecret(String secret) {
		if (!secret.startsWith(SECRET_PREFIX)) {
			throw new IllegalArgumentException("HUMANLAYER_WEBHOOK_SECRET must start with " + SECRET_PREFIX);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"HUMANLAYER_WEBHOOK_SECRET must be " + SECRET_PREFIX + " followed by base64");
		}
		if (key.length < MINIMUM_KEY_BYTES) {
			throw new IllegalArgumentException(
					"HUMANLAYER_WEBHOOK_SECRET must hold at least " + MINIMUM_KEY_BYTES + " bytes of key");
		}
	}

	/**
	 * Whether deliveries must be signed.
	 * @return whether a secret is set
	 */
	public boolean isSigned() {
		return StringUtils.hasText(this.secret);
	}

	@Override
	public String toString() {
		return "WebhookProperties[secret=" + (isSigned() ? "(set)" : "(unset)") + ", verifyByFetch="
				+ this.verifyByFetch + "]";
	}

}
