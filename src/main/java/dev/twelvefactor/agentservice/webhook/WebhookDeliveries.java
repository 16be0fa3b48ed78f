package dev.twelvefactor.agentservice.webhook;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

import dev.twelvefactor.agentservice.humanlayer.ConversationCreated;
import dev.twelvefactor.agentservice.humanlayer.EmailPayload;
import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;
import dev.twelvefactor.agentservice.humanlayer.SlackThread;
import dev.twelvefactor.agentservice.thread.CallNotPending;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadCancelled;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import dev.twelvefactor.agentservice.thread.ThreadProperties;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadRunner.Resumption;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import dev.twelvefactor.agentservice.web.BodyErrors;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponseException;

/**
 * Handles one delivery to {@code /webhook}: proves it real (its signature, or
 * HumanLayer's own record of the call), handles each {@code webhook-id} once, reads the
 * answer and bounds what of it is stored, resumes the thread it names, and counts the
 * outcome; or begins a thread with a message that came from outside the API.
 */
@Service
class WebhookDeliveries {

	private static final Logger logger = LoggerFactory.getLogger(WebhookDeliveries.class);

	/** The longest {@code responded_at} kept: an ISO-8601 time is far shorter. */
	static final int MAX_TIMESTAMP_LENGTH = 64;

	/** The most of {@code user_info} kept, as JSON: who answered, not a document. */
	static final int MAX_USER_INFO_BYTES = 4096;

	/**
	 * The longest {@code webhook-id} handled: Standard Webhooks ids, such as the local
	 * inbox's, are under 50 characters, and a durable store keeps each in an index.
	 */
	static final int MAX_WEBHOOK_ID_LENGTH = 255;

	private final ThreadRunner runner;

	private final JsonMapper json;

	private final MeterRegistry meters;

	private final SignatureCheck signature;

	private final Confirmation confirmation;

	private final HandledDeliveries handled;

	private final InboundThreads inbound;

	private final String channel;

	private final int maxAnswerLength;

	WebhookDeliveries(ThreadStore threads, ThreadRunner runner, JsonMapper json, MeterRegistry meters,
			SignatureCheck signature, Confirmation confirmation, HandledDeliveries handled, StartedThreads started,
			HumanLayerProperties humanLayerProperties, ThreadProperties threadProperties) {
		this.runner = runner;
		this.handled = handled;
		this.inbound = new InboundThreads(threads, runner, started);
		this.json = json;
		this.meters = meters;
		this.signature = signature;
		this.confirmation = confirmation;
		this.channel = humanLayerProperties.isCloud() ? Respondent.HUMANLAYER : Respondent.LOCAL_INBOX;
		this.maxAnswerLength = threadProperties.maxMessageLength();
		if (!signature.isSigned()) {
			logger.warn("No HUMANLAYER_WEBHOOK_SECRET: /webhook accepts unsigned deliveries{}.",
					(confirmation != Confirmation.AS_DELIVERED)
							? " (each is confirmed with HumanLayer before it is acted on)"
							: ", and acts on what they say");
			if (humanLayerProperties.isCloud()) {
				logger.warn("No HUMANLAYER_WEBHOOK_SECRET: a conversation.created, agent_email.received or "
						+ "agent_slack.received delivery cannot be read back from HumanLayer, so anyone who can reach "
						+ "/webhook can start a thread that writes to the address it names (docs/security.md).");
			}
		}
	}

	/**
	 * Handles a delivery and counts its outcome.
	 * @param webhookId the {@code webhook-id} header, if any
	 * @param timestamp the {@code webhook-timestamp} header, if any
	 * @param signatures the {@code webhook-signature} header, if any
	 * @param body the raw body
	 * @return what was done with it
	 * @throws ErrorResponseException the problem of a delivery that is refused
	 */
	Receipt receive(String webhookId, String timestamp, String signatures, byte[] body) {
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
		catch (CallNotPending | ThreadCancelled ex) {
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
		try {
			this.signature.verify(webhookId, timestamp, signatures, body);
		}
		catch (InvalidSignature ex) {
			logger.warn("Refused a webhook delivery: {}", ex.getBody().getDetail());
			throw ex;
		}
		if (!StringUtils.hasText(webhookId)) {
			return handle(null, body);
		}
		if (webhookId.length() > MAX_WEBHOOK_ID_LENGTH) {
			throw new InvalidWebhook("The webhook-id header is longer than " + MAX_WEBHOOK_ID_LENGTH
					+ " characters; no sender uses one");
		}
		Receipt earlier = this.handled.find(webhookId);
		if (earlier != null) {
			logger.info("Ignored delivery {}, handled before.", webhookId);
			return earlier.asDuplicate();
		}
		Receipt receipt = handle(webhookId, body);
		this.handled.remember(webhookId, receipt);
		return receipt;
	}

	/**
	 * Handles a verified delivery; its {@code webhook-id} makes copies of a message that
	 * has no key of its own the same message.
	 */
	private Receipt handle(String webhookId, byte[] body) {
		WebhookEnvelope envelope = WebhookEnvelope.of(parse(body));
		if (envelope.isTest()) {
			logger.info("Ignored a test delivery of {}.", envelope.type());
			return new Receipt(Receipt.IGNORED, null, null);
		}
		return switch (envelope.type()) {
			case WebhookEnvelope.FUNCTION_CALL_COMPLETED -> answer(
					Delivery.of(this.confirmation.confirm(read(envelope.event(), FunctionCall.class)), this.channel));
			case WebhookEnvelope.HUMAN_CONTACT_COMPLETED -> answer(
					Delivery.of(this.confirmation.confirm(read(envelope.event(), HumanContact.class)), this.channel));
			case WebhookEnvelope.CONVERSATION_CREATED ->
				begin(Inbound.of(read(envelope.event(), ConversationCreated.class)), webhookId);
			case WebhookEnvelope.AGENT_EMAIL_RECEIVED -> begin(read(envelope.event(), EmailPayload.class), webhookId);
			case WebhookEnvelope.AGENT_SLACK_RECEIVED ->
				begin(Inbound.of(read(envelope.event(), SlackThread.class)), webhookId);
			default -> throw new InvalidWebhook("Webhook type \"" + envelope.type() + "\" is not handled; expected "
					+ String.join(", ", WebhookEnvelope.TYPES) + ".");
		};
	}

	private Receipt answer(Delivery delivery) {
		checkSizes(delivery.answer());
		Resumption outcome = resume(delivery);
		return new Receipt((outcome == Resumption.APPLIED) ? Receipt.APPLIED : Receipt.DUPLICATE, delivery.threadId(),
				delivery.answer().callId());
	}

	/**
	 * Begins a thread with an email, unless HumanLayer marked the email itself as a test.
	 */
	private Receipt begin(EmailPayload email, String webhookId) {
		if (Boolean.TRUE.equals(email.isTest())) {
			logger.info("Ignored a test email.");
			return new Receipt(Receipt.IGNORED, null, null);
		}
		return begin(Inbound.of(email), webhookId);
	}

	/**
	 * Begins a thread with a message from outside the API, or finds the one a copy of it
	 * began.
	 */
	private Receipt begin(Inbound inbound, String webhookId) {
		if (inbound.message().length() > this.maxAnswerLength) {
			throw new InvalidWebhook(
					"The message is longer than " + this.maxAnswerLength + " characters (AGENT_MAX_MESSAGE_LENGTH).");
		}
		return this.inbound.start(inbound, webhookId);
	}

	/**
	 * Resumes the thread; an unsigned delivery that does not match learns only that, and
	 * the thread's state goes to the log.
	 */
	private Resumption resume(Delivery delivery) {
		try {
			return this.runner.resume(delivery.threadId(), delivery.answer());
		}
		catch (CallNotPending ex) {
			if (this.signature.isSigned()) {
				throw ex;
			}
			logger.info("Refused an unsigned delivery: {}", ex.getMessage());
			throw new CallNotMatched(delivery.answer());
		}
	}

	/**
	 * Refuses what would store more than the thread needs: a reply or a rejection comment
	 * longer than a message a user may send (the model reads it on the thread just the
	 * same), a {@code responded_at} that is no time, a {@code user_info} that is more
	 * than a few fields.
	 */
	private void checkSizes(HumanAnswer answer) {
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
		Respondent respondent = answer.respondent();
		checkTimestamp(respondent.respondedAt());
		checkUserInfo(respondent.user());
	}

	private static void checkTimestamp(String respondedAt) {
		if (respondedAt == null) {
			return;
		}
		boolean valid = respondedAt.length() <= MAX_TIMESTAMP_LENGTH;
		if (valid) {
			try {
				OffsetDateTime.parse(respondedAt);
			}
			catch (DateTimeParseException ex) {
				valid = false;
			}
		}
		if (!valid) {
			throw new InvalidWebhook("\"status.responded_at\" must be an ISO-8601 time with its offset, such as "
					+ "2025-06-02T14:09:44.907Z.");
		}
	}

	private void checkUserInfo(Map<String, Object> userInfo) {
		if (userInfo != null && this.json.writeValueAsBytes(userInfo).length > MAX_USER_INFO_BYTES) {
			throw new InvalidWebhook("\"status.user_info\" must be at most " + MAX_USER_INFO_BYTES + " bytes of JSON.");
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

	private <T> T read(JsonNode event, Class<T> type) {
		try {
			return this.json.treeToValue(event, type);
		}
		catch (JacksonException ex) {
			throw new InvalidWebhook("The event does not have the shape of a HumanLayer " + type.getSimpleName() + ": "
					+ BodyErrors.describe(ex));
		}
	}

}
