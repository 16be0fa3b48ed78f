package dev.twelvefactor.agentservice.webhook;

import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives HumanLayer's completed calls, and the messages that begin threads, over HTTP
 * and hands the raw delivery to {@link WebhookDeliveries}. Answers at once; the loop runs
 * later.
 */
@RestController
@Tag(name = "webhook",
		description = "Where HumanLayer, or the local inbox, delivers a person's answer or a message that begins a thread")
class WebhookController {

	private final WebhookDeliveries deliveries;

	WebhookController(WebhookDeliveries deliveries) {
		this.deliveries = deliveries;
	}

	@Operation(summary = "Take a completed HumanLayer call and resume its thread, or begin a thread",
			description = "A completed call is matched by event.spec.state.thread_id and the call_id the thread "
					+ "waits for. A conversation.created, agent_email.received or agent_slack.received begins a thread "
					+ "that answers on the channel the message came from. Answers at once, the loop runs later. "
					+ "POST /api/v1/conversations is the same, at the 12-factor agents template's path.")
	@ApiResponse(responseCode = "200",
			description = "applied (the thread resumes), started (a thread began, thread_id names it), "
					+ "duplicate (answered or started before) or ignored (is_test)",
			useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-webhook")
	@ApiResponse(responseCode = "401", ref = "invalid-signature")
	@ApiResponse(responseCode = "404", ref = "thread-not-found")
	@ApiResponse(responseCode = "409",
			description = "urn:problem-type:call-not-pending (the thread does not wait for this call), "
					+ "urn:problem-type:thread-cancelled (the thread was cancelled), or in cloud "
					+ "mode urn:problem-type:call-not-completed (HumanLayer has no answer to it)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "502", ref = "humanlayer-unavailable")
	@ApiResponse(responseCode = "503", ref = "overloaded")
	@PostMapping(path = { "/webhook", "/api/v1/conversations" }, consumes = MediaType.APPLICATION_JSON_VALUE)
	Receipt receive(@RequestHeader(name = StandardWebhooksSignature.ID_HEADER, required = false) String webhookId,
			@RequestHeader(name = StandardWebhooksSignature.TIMESTAMP_HEADER, required = false) String timestamp,
			@RequestHeader(name = StandardWebhooksSignature.SIGNATURE_HEADER, required = false) String signatures,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(
					oneOf = { WebhookEnvelope.FunctionCallCompleted.class, WebhookEnvelope.HumanContactCompleted.class,
							WebhookEnvelope.ConversationCreatedEnvelope.class, WebhookEnvelope.AgentEmailReceived.class,
							WebhookEnvelope.AgentSlackReceived.class, FunctionCall.class,
							HumanContact.class }))) @RequestBody byte[] body) {
		return this.deliveries.receive(webhookId, timestamp, signatures, body);
	}

}
