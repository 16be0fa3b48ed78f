package dev.twelvefactor.agentservice.webhook;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerClient;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerException;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadRunner.Resumption;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives HumanLayer's completed calls, makes sure each is a real answer (its signature,
 * or HumanLayer's own record of the call), matches it to the thread named in its state
 * and the call that thread waits for, and resumes it. Answers at once; the loop runs
 * later.
 */
@RestController
@Tag(name = "webhook", description = "Where HumanLayer, or the local inbox, delivers a person's answer")
class WebhookController {

	private static final Logger logger = LoggerFactory.getLogger(WebhookController.class);

	private final ThreadRunner runner;

	private final JsonMapper json;

	private final String channel;

	private final MeterRegistry meters;

	private final WebhookSignature signature;

	private final HumanLayerClient humanLayer;

	private final boolean fetchBack;

	private final RecentDeliveries recent = new RecentDeliveries();

	WebhookController(ThreadRunner runner, JsonMapper json, HumanLayerProperties humanLayerProperties,
			WebhookProperties properties, HumanLayerClient humanLayer, MeterRegistry meters) {
		this.runner = runner;
		this.json = json;
		this.meters = meters;
		this.humanLayer = humanLayer;
		this.channel = humanLayerProperties.isCloud() ? Respondent.HUMANLAYER : Respondent.LOCAL_INBOX;
		this.signature = properties.signature();
		this.fetchBack = humanLayerProperties.isCloud() && properties.verifyByFetch();
		if (this.signature == null) {
			logger.warn("No HUMANLAYER_WEBHOOK_SECRET: /webhook accepts unsigned deliveries{}.", this.fetchBack
					? " (each is confirmed with HumanLayer before it is acted on)" : ", and acts on what they say");
		}
	}

	@Operation(summary = "Take a completed HumanLayer call and resume its thread",
			description = "Matched by event.spec.state.thread_id and the call_id the thread waits for; "
					+ "answers at once, the loop runs later.")
	@ApiResponse(responseCode = "200",
			description = "applied (the thread resumes), duplicate (answered before) or ignored (is_test)",
			useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-webhook")
	@ApiResponse(responseCode = "401", ref = "invalid-signature")
	@ApiResponse(responseCode = "404", ref = "thread-not-found")
	@ApiResponse(responseCode = "409",
			description = "urn:problem-type:call-not-pending (the thread does not wait for this call), or in cloud "
					+ "mode urn:problem-type:call-not-completed (HumanLayer has no answer to it)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "502", ref = "humanlayer-unavailable")
	@PostMapping(path = "/webhook", consumes = MediaType.APPLICATION_JSON_VALUE)
	Receipt receive(@RequestHeader(name = WebhookSignature.ID_HEADER, required = false) String webhookId,
			@RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
			@RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, required = false) String signatures,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(
					oneOf = { WebhookEnvelope.FunctionCallCompleted.class, WebhookEnvelope.HumanContactCompleted.class,
							FunctionCall.class, HumanContact.class }))) @RequestBody byte[] body) {
		try {
			Receipt receipt = verifyAndHandle(webhookId, timestamp, signatures, body);
			this.meters.counter("agent.webhook.deliveries", "outcome", receipt.status()).increment();
			return receipt;
		}
		catch (ErrorResponseException ex) {
			this.meters.counter("agent.webhook.deliveries", "outcome", "refused_" + ex.getStatusCode().value())
				.increment();
			throw ex;
		}
	}

	/**
	 * Verifies the raw body before anything reads it, then handles a delivery once per
	 * {@code webhook-id}. Copies that arrive together all pass here; the atomic update of
	 * the thread lets only one of them apply.
	 */
	private Receipt verifyAndHandle(String webhookId, String timestamp, String signatures, byte[] body) {
		if (this.signature != null) {
			try {
				this.signature.verify(webhookId, timestamp, signatures, body);
			}
			catch (InvalidSignature ex) {
				logger.warn("Refused a webhook delivery: {}", ex.getBody().getDetail());
				throw ex;
			}
		}
		if (!StringUtils.hasText(webhookId)) {
			return handle(body);
		}
		Receipt duplicate = this.recent.duplicateOf(webhookId);
		if (duplicate != null) {
			logger.info("Ignored delivery {}, handled before.", webhookId);
			return duplicate;
		}
		Receipt receipt = handle(body);
		this.recent.remember(webhookId, receipt);
		return receipt;
	}

	private Receipt handle(byte[] body) {
		WebhookEnvelope envelope = WebhookEnvelope.of(parse(body));
		if (envelope.isTest()) {
			logger.info("Ignored a test delivery of {}.", envelope.type());
			return new Receipt("ignored", null, null);
		}
		Delivery delivery = switch (envelope.type()) {
			case WebhookEnvelope.FUNCTION_CALL_COMPLETED ->
				functionCall(confirm(read(envelope.event(), FunctionCall.class)));
			case WebhookEnvelope.HUMAN_CONTACT_COMPLETED ->
				humanContact(confirm(read(envelope.event(), HumanContact.class)));
			default -> throw new InvalidWebhook("Webhook type \"" + envelope.type() + "\" is not handled; expected "
					+ WebhookEnvelope.FUNCTION_CALL_COMPLETED + " or " + WebhookEnvelope.HUMAN_CONTACT_COMPLETED + ".");
		};
		Resumption outcome = this.runner.resume(delivery.threadId(), delivery.answer());
		return new Receipt((outcome == Resumption.APPLIED) ? "applied" : "duplicate", delivery.threadId(),
				delivery.answer().callId());
	}

	private JsonNode parse(byte[] body) {
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

	/**
	 * With HumanLayer cloud, reads the call back and takes HumanLayer's answer instead of
	 * the delivered one, so a forged delivery decides nothing.
	 */
	private FunctionCall confirm(FunctionCall delivered) {
		if (!this.fetchBack) {
			return delivered;
		}
		String callId = callId(delivered.callId());
		FunctionCall fetched = fetch(callId, () -> this.humanLayer.fetchFunctionCall(callId));
		checkSameCall(callId, fetched.callId());
		Boolean approved = (fetched.status() != null) ? fetched.status().approved() : null;
		if (approved == null) {
			throw new CallNotCompleted("HumanLayer has no decision on function call " + callId + " yet.");
		}
		Boolean claimed = (delivered.status() != null) ? delivered.status().approved() : null;
		if (!approved.equals(claimed)) {
			logger.warn("A delivery said function call {} was approved={}; HumanLayer says {}, which is acted on.",
					callId, claimed, approved);
		}
		return fetched;
	}

	private HumanContact confirm(HumanContact delivered) {
		if (!this.fetchBack) {
			return delivered;
		}
		String callId = callId(delivered.callId());
		HumanContact fetched = fetch(callId, () -> this.humanLayer.fetchHumanContact(callId));
		checkSameCall(callId, fetched.callId());
		String response = (fetched.status() != null) ? fetched.status().response() : null;
		if (response == null) {
			throw new CallNotCompleted("HumanLayer has no reply to human contact " + callId + " yet.");
		}
		String claimed = (delivered.status() != null) ? delivered.status().response() : null;
		if (!response.equals(claimed)) {
			logger.warn("A delivery's reply to human contact {} differs from HumanLayer's, which is acted on.", callId);
		}
		return fetched;
	}

	private static <T> T fetch(String callId, Supplier<T> fetch) {
		try {
			return fetch.get();
		}
		catch (HumanLayerException ex) {
			if (ex.isNotFound()) {
				throw new CallNotCompleted("HumanLayer has no call " + callId + ".");
			}
			logger.warn("Could not confirm call {} with HumanLayer: {}", callId, ex.getMessage());
			throw new HumanLayerUnavailable("Call " + callId
					+ " could not be confirmed with HumanLayer, so the delivery is not acted on; deliver it again later.");
		}
	}

	private static void checkSameCall(String asked, String fetched) {
		if (!Objects.equals(asked, fetched)) {
			logger.warn("HumanLayer answered call {} when asked for {}.", fetched, asked);
			throw new HumanLayerUnavailable(
					"HumanLayer answered another call when asked for " + asked + ", so the delivery is not acted on.");
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
	record Receipt(@Schema(allowableValues = {
			"applied", "duplicate", "ignored" }) String status, UUID threadId, String callId){

		Receipt asDuplicate() {
			return new Receipt("duplicate", this.threadId, this.callId);
		}

	}

}
