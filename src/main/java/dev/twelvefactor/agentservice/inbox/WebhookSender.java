package dev.twelvefactor.agentservice.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import dev.twelvefactor.agentservice.http.OutboundHttp;
import dev.twelvefactor.agentservice.http.OutboundHttp.Reply;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Posts the local inbox's answers as real HumanLayer webhooks, signed when a webhook
 * secret is set, so the same handler serves both modes.
 */
@Component
@Conditional(LocalInboxCondition.class)
class WebhookSender {

	private static final MediaType JSON = MediaType.get("application/json");

	private final OutboundHttp http;

	private final JsonMapper json;

	private final InboxProperties properties;

	private final Webhook signature;

	private final Environment environment;

	WebhookSender(OkHttpClient http, JsonMapper json, InboxProperties properties, ObjectProvider<Webhook> signature,
			Environment environment) {
		this.http = new OutboundHttp(http);
		this.json = json;
		this.properties = properties;
		this.signature = signature.getIfAvailable();
		this.environment = environment;
	}

	/**
	 * Delivers a completed call in HumanLayer's V1Beta2 envelope, with its answer's
	 * {@code webhook-id}: every attempt to deliver one answer carries the same id, so the
	 * receiver takes it once however often it arrives.
	 * @param type {@code function_call.completed} or {@code human_contact.completed}
	 * @param event the completed call
	 * @param webhookId the answer's {@code webhook-id}
	 * @throws DeliveryFailed when the webhook could not be reached or did not answer 2xx
	 */
	void deliver(String type, Object event, String webhookId) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("type", type);
		envelope.put("is_test", false);
		envelope.put("event", event);
		byte[] body = this.json.writeValueAsBytes(envelope);
		Request.Builder request = new Request.Builder().url(webhookUrl())
			.header(Webhook.UNBRANDED_MSG_ID_KEY, webhookId)
			.post(RequestBody.create(body, JSON));
		if (this.signature != null) {
			sign(request, webhookId, body);
		}
		try {
			Reply reply = this.http.send(request.build());
			if (!reply.isSuccessful()) {
				throw new DeliveryFailed(this.http.redact("the webhook answered " + reply.code() + ": " + reply.body()),
						reply.code() >= 500 || reply.code() == 408 || reply.code() == 429);
			}
		}
		catch (IOException ex) {
			throw new DeliveryFailed(this.http.redact("the webhook could not be reached: " + ex), true);
		}
	}

	/**
	 * Signs the delivery the Standard Webhooks way with the webhook secret.
	 */
	private void sign(Request.Builder request, String id, byte[] body) {
		long timestamp = Instant.now().getEpochSecond();
		try {
			request.header(Webhook.UNBRANDED_MSG_TIMESTAMP_KEY, Long.toString(timestamp))
				.header(Webhook.UNBRANDED_MSG_SIGNATURE_KEY,
						this.signature.sign(id, timestamp, new String(body, StandardCharsets.UTF_8)));
		}
		catch (WebhookSigningException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private String webhookUrl() {
		if (StringUtils.hasText(this.properties.webhookUrl())) {
			return this.properties.webhookUrl();
		}
		return OutboundHttp.loopback(this.environment, "/webhook");
	}

	/**
	 * A webhook that did not arrive: it could not be reached, or it answered with an
	 * error.
	 */
	static class DeliveryFailed extends RuntimeException {

		private final boolean temporary;

		DeliveryFailed(String message, boolean temporary) {
			super(message);
			this.temporary = temporary;
		}

		/**
		 * Whether the same delivery may be taken later: the webhook could not be reached,
		 * or answered 5xx, 408 or 429; any other answer is its decision.
		 * @return true when trying again may help
		 */
		boolean isTemporary() {
			return this.temporary;
		}

	}

}
