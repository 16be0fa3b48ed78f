package dev.twelvefactor.agentservice.webhook;

import com.standardwebhooks.Webhook;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerClient;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Chooses, once at start-up, how deliveries are proven real: the Standard Webhooks
 * signature when a secret is set (the same {@link Webhook} signs the local inbox's
 * deliveries), and HumanLayer's own record of each call in cloud mode.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

	@Bean
	@Conditional(SecretSet.class)
	Webhook standardWebhook(WebhookProperties properties) {
		return new Webhook(properties.secret().strip());
	}

	@Bean
	SignatureCheck signatureCheck(ObjectProvider<Webhook> webhook) {
		Webhook signed = webhook.getIfAvailable();
		return (signed != null) ? new StandardWebhooksSignature(signed) : SignatureCheck.UNSIGNED;
	}

	@Bean
	Confirmation confirmation(HumanLayerProperties humanLayerProperties, WebhookProperties properties,
			HumanLayerClient humanLayer) {
		return (humanLayerProperties.isCloud() && properties.verifyByFetch()) ? new FetchBack(humanLayer)
				: Confirmation.AS_DELIVERED;
	}

	/**
	 * Matches when {@code agent.webhook.secret} ({@code HUMANLAYER_WEBHOOK_SECRET}) has
	 * text, which its empty default has not.
	 */
	static class SecretSet implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return StringUtils.hasText(context.getEnvironment().getProperty("agent.webhook.secret"));
		}

	}

}
