package dev.twelvefactor.agentservice.webhook;

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

	/**
	 * The signature deliveries must carry.
	 * @return the signature, or {@code null} when no secret is set
	 * @throws IllegalArgumentException when the secret is not of the form
	 * {@code whsec_<base64>}
	 */
	public WebhookSignature signature() {
		return StringUtils.hasText(this.secret) ? new WebhookSignature(this.secret) : null;
	}

	@Override
	public String toString() {
		return "WebhookProperties[secret=" + (StringUtils.hasText(this.secret) ? "(set)" : "(unset)")
				+ ", verifyByFetch=" + this.verifyByFetch + "]";
	}

}
