package dev.twelvefactor.agentservice.webhook;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerClient;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;
import dev.twelvefactor.agentservice.thread.CallNotPending;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import dev.twelvefactor.agentservice.thread.ThreadProperties;
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

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
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

	/**
	 * Confirms deliveries with HumanLayer; {@code null} when they are taken as delivered.
	 */
	private final FetchBack fetchBack;

	private final RecentDeliveries recent = new RecentDeliveries();

	private final int maxAnswerLength;

	WebhookController(ThreadRunner runner, JsonMapper json, HumanLayerProperties humanLayerProperties,
			WebhookProperties properties, HumanLayerClient humanLayer, MeterRegistry meters,
			ThreadProperties threadProperties) {
		this.runner = runner;
		this.maxAnswerLength = threadProperties.maxMessageLength();
		this.json = json;
		this.meters = meters;
		this.channel = humanLayerProperties.isCloud() ? Respondent.HUMANLAYER : Respondent.LOCAL_INBOX;
		this.signature = properties.signature();
		this.fetchBack = (humanLayerProperties.isCloud() && properties.verifyByFetch()) ? new FetchBack(humanLayer)
				: null;
		if (this.signature == null) {
			logger.warn("No HUMANLAYER_WEBHOOK_SECRET: /webhook accepts unsigned deliveries{}.",
					(this.fetchBack != null) ? " (each is confirmed with HumanLayer before it is acted on)"
							: ", and acts on what they say");
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
			countRefused(ex.getStatusCode());
			throw ex;
		}
		catch (ThreadNotFound ex) {
			countRefused(HttpStatus.NOT_FOUND);
			throw ex;
		}
		catch (CallNotPending ex) {
			countRefused(HttpStatus.CONFLICT);
			throw ex;
		}
		catch (Overloaded ex) {
			countRefused(HttpStatus.SERVICE_UNAVAILABLE);
			throw ex;
		}
	}

	/**
	 * Counts a refusal by the status thread/ or this module answers it with.
	 */
	private void countRefused(HttpStatusCode status) {
		this.meters.counter("agent.webhook.deliveries", "outcome", "refused_" + status.value()).increment();
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
				Delivery.of(confirm(read(envelope.event(), FunctionCall.class)), this.channel);
			case WebhookEnvelope.HUMAN_CONTACT_COMPLETED ->
				Delivery.of(confirm(read(envelope.event(), HumanContact.class)), this.channel);
			default -> throw new InvalidWebhook("Webhook type \"" + envelope.type() + "\" is not handled; expected "
					+ WebhookEnvelope.FUNCTION_CALL_COMPLETED + " or " + WebhookEnvelope.HUMAN_CONTACT_COMPLETED + ".");
		};
		checkLength(delivery.answer());
		Resumption outcome = this.runner.resume(delivery.threadId(), delivery.answer());
		return new Receipt((outcome == Resumption.APPLIED) ? "applied" : "duplicate", delivery.threadId(),
				delivery.answer().callId());
	}

	/**
	 * Refuses a reply or a rejection comment longer than a message a user may send, since
	 * the model reads it on the thread just the same.
	 */
	private void checkLength(HumanAnswer answer) {
		String text = "";
		if (answer instanceof HumanAnswer.Reply reply) {
			text = reply.text();
		}
		else if (answer instanceof HumanAnswer.Rejection rejection) {
			text = rejection.comment();
		}
		if (text.length() > this.maxAnswerLength) {
			throw new InvalidWebhook("The answer to call " + answer.callId() + " is longer than " + this.maxAnswerLength
					+ " characters (AGENT_MAX_MESSAGE_LENGTH).");
		}
	}

	private JsonNode parse(byte[] body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidWebhook("The body is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	private FunctionCall confirm(FunctionCall delivered) {
		return (this.fetchBack != null) ? this.fetchBack.confirm(delivered) : delivered;
	}

	private HumanContact confirm(HumanContact delivered) {
		return (this.fetchBack != null) ? this.fetchBack.confirm(delivered) : delivered;
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
