package dev.twelvefactor.agentservice.webhook;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadRunner.Resumption;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives HumanLayer's completed calls, matches each to the thread named in its state
 * and the call that thread waits for, and resumes it. Answers at once; the loop runs
 * later.
 */
@RestController
class WebhookController {

	private static final Logger logger = LoggerFactory.getLogger(WebhookController.class);

	private final ThreadRunner runner;

	private final JsonMapper json;

	private final String channel;

	private final MeterRegistry meters;

	WebhookController(ThreadRunner runner, JsonMapper json, HumanLayerProperties humanLayer, MeterRegistry meters) {
		this.runner = runner;
		this.json = json;
		this.meters = meters;
		this.channel = humanLayer.isCloud() ? Respondent.HUMANLAYER : Respondent.LOCAL_INBOX;
	}

	@PostMapping(path = "/webhook", consumes = MediaType.APPLICATION_JSON_VALUE)
	Receipt receive(@RequestBody String body) {
		try {
			Receipt receipt = handle(body);
			this.meters.counter("agent.webhook.deliveries", "outcome", receipt.status()).increment();
			return receipt;
		}
		catch (ErrorResponseException ex) {
			this.meters.counter("agent.webhook.deliveries", "outcome", "refused_" + ex.getStatusCode().value())
				.increment();
			throw ex;
		}
	}

	private Receipt handle(String body) {
		WebhookEnvelope envelope = WebhookEnvelope.of(parse(body));
		if (envelope.isTest()) {
			logger.info("Ignored a test delivery of {}.", envelope.type());
			return new Receipt("ignored", null, null);
		}
		Delivery delivery = switch (envelope.type()) {
			case WebhookEnvelope.FUNCTION_CALL_COMPLETED -> functionCall(read(envelope.event(), FunctionCall.class));
			case WebhookEnvelope.HUMAN_CONTACT_COMPLETED -> humanContact(read(envelope.event(), HumanContact.class));
			default -> throw new InvalidWebhook("Webhook type \"" + envelope.type() + "\" is not handled; expected "
					+ WebhookEnvelope.FUNCTION_CALL_COMPLETED + " or " + WebhookEnvelope.HUMAN_CONTACT_COMPLETED + ".");
		};
		Resumption outcome = this.runner.resume(delivery.threadId(), delivery.answer());
		return new Receipt((outcome == Resumption.APPLIED) ? "applied" : "duplicate", delivery.threadId(),
				delivery.answer().callId());
	}

	private JsonNode parse(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidWebhook("The body is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	private <T> T read(JsonNode event, Class<T> type) {
		try {
			return this.json.treeToValue(event, type);
		}
		catch (JacksonException ex) {
			throw new InvalidWebhook("The event does not have the shape of a HumanLayer " + type.getSimpleName() + ": "
					+ ex.getOriginalMessage());
		}
	}

	private Delivery functionCall(FunctionCall call) {
		String callId = callId(call.callId());
		UUID threadId = threadId((call.spec() != null) ? call.spec().state() : null);
		if (call.status() == null || call.status().approved() == null) {
			throw new InvalidWebhook("Function call " + callId + " has no decision yet (status.approved is null).");
		}
		FunctionCall.Status status = call.status();
		String comment = (status.comment() != null) ? status.comment() : "";
		Respondent respondent = new Respondent(callId, this.channel, status.respondedAt(), status.userInfo(),
				status.approved(), status.comment());
		HumanAnswer answer = status.approved() ? new HumanAnswer.Approval(callId, respondent)
				: new HumanAnswer.Rejection(callId, comment, respondent);
		return new Delivery(threadId, answer);
	}

	private Delivery humanContact(HumanContact contact) {
		String callId = callId(contact.callId());
		UUID threadId = threadId((contact.spec() != null) ? contact.spec().state() : null);
		if (contact.status() == null || contact.status().response() == null) {
			throw new InvalidWebhook("Human contact " + callId + " has no response yet (status.response is null).");
		}
		HumanContact.Status status = contact.status();
		Respondent respondent = new Respondent(callId, this.channel, status.respondedAt(), status.userInfo(), null,
				null);
		return new Delivery(threadId, new HumanAnswer.Reply(callId, status.response(), respondent));
	}

	private static String callId(String callId) {
		if (callId == null || callId.isBlank()) {
			throw new InvalidWebhook("The event has no call_id.");
		}
		return callId;
	}

	private static UUID threadId(Map<String, Object> state) {
		Object threadId = (state != null) ? state.get("thread_id") : null;
		if (!(threadId instanceof String id) || id.isBlank()) {
			throw new InvalidWebhook("The event has no spec.state.thread_id, so it cannot be matched to a thread.");
		}
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ThreadNotFound(id);
		}
	}

	private record Delivery(UUID threadId, HumanAnswer answer) {
	}

	/**
	 * What the service did with a delivery.
	 *
	 * @param status {@code applied}, {@code duplicate} or {@code ignored} (a test
	 * delivery)
	 * @param threadId the matched thread
	 * @param callId the answered call
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Receipt(String status, UUID threadId, String callId) {
	}

}
