package dev.twelvefactor.agentservice.inbox;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.twelvefactor.agentservice.http.OutboundHttp;
import dev.twelvefactor.agentservice.http.OutboundHttp.Reply;
import dev.twelvefactor.agentservice.webhook.WebhookProperties;
import dev.twelvefactor.agentservice.webhook.WebhookSignature;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.databind.json.JsonMapper;

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

	private final WebhookSignature signature;

	private final Environment environment;

	WebhookSender(OkHttpClient http, JsonMapper json, InboxProperties properties, WebhookProperties webhook,
			Environment environment) {
		this.http = new OutboundHttp(http);
		this.json = json;
		this.properties = properties;
		this.signature = webhook.signature();
		this.environment = environment;
	}

	/**
	 * Delivers a completed call in HumanLayer's V1Beta2 envelope. Each answer gets its
	 * own {@code webhook-id}, which the client's retries of the request keep.
	 * @param type {@code function_call.completed} or {@code human_contact.completed}
	 * @param event the completed call
	 * @throws DeliveryFailed when the webhook could not be reached or did not answer 2xx
	 */
	void deliver(String type, Object event) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("type", type);
		envelope.put("is_test", false);
		envelope.put("event", event);
		byte[] body = this.json.writeValueAsBytes(envelope);
		Request.Builder request = new Request.Builder().url(webhookUrl()).post(RequestBody.create(body, JSON));
		if (this.signature != null) {
			this.signature.headers("msg_" + UUID.randomUUID(), body).forEach(request::header);
		}
		try {
			Reply reply = this.http.send(request.build());
			if (!reply.isSuccessful()) {
				throw new DeliveryFailed(
						this.http.redact("the webhook answered " + reply.code() + ": " + reply.body()));
			}
		}
		catch (IOException ex) {
			throw new DeliveryFailed(this.http.redact("the webhook could not be reached: " + ex));
		}
	}

	private String webhookUrl() {
		if (StringUtils.hasText(this.properties.webhookUrl())) {
			return this.properties.webhookUrl();
		}
		return OutboundHttp.loopback(this.environment, "/webhook");
	}

	/**
	 * A webhook that did not arrive.
	 */
	static class DeliveryFailed extends RuntimeException {

		DeliveryFailed(String message) {
			super(message);
		}

	}

}
