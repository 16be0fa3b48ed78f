package dev.twelvefactor.agentservice.webhook;

import java.util.List;

import dev.twelvefactor.agentservice.humanlayer.ConversationCreated;
import dev.twelvefactor.agentservice.humanlayer.EmailPayload;
import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.humanlayer.SlackThread;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * A HumanLayer webhook delivery: the V1Beta2 or V1Beta3 envelope {@code {type, is_test,
 * event}}, or the bare function call or human contact that older senders post.
 *
 * @param type one of {@link #TYPES}, or another type this service does not handle
 * @param isTest whether HumanLayer marked it as a test delivery
 * @param event the completed function call or human contact, or the message that begins a
 * thread
 */
record WebhookEnvelope(String type, boolean isTest, JsonNode event) {

	static final String FUNCTION_CALL_COMPLETED = "function_call.completed";

	static final String HUMAN_CONTACT_COMPLETED = "human_contact.completed";

	static final String CONVERSATION_CREATED = "conversation.created";

	static final String AGENT_EMAIL_RECEIVED = "agent_email.received";

	static final String AGENT_SLACK_RECEIVED = "agent_slack.received";

	/** The types this service handles. */
	static final List<String> TYPES = List.of(FUNCTION_CALL_COMPLETED, HUMAN_CONTACT_COMPLETED, CONVERSATION_CREATED,
			AGENT_EMAIL_RECEIVED, AGENT_SLACK_RECEIVED);

	/**
	 * Reads either form of delivery.
	 * @param body the parsed request body
	 * @return the delivery as an envelope
	 * @throws InvalidWebhook when the body is neither form
	 */
	static WebhookEnvelope of(JsonNode body) {
		if (!body.isObject()) {
			throw new InvalidWebhook("The body must be a JSON object.");
		}
		if (body.has("type") && body.has("event")) {
			if (!body.get("type").isString() || !body.get("event").isObject()) {
				throw new InvalidWebhook("\"type\" must be a string and \"event\" an object.");
			}
			return new WebhookEnvelope(body.get("type").asString(), body.path("is_test").asBoolean(false),
					body.get("event"));
		}
		if (body.has("call_id") && body.path("spec").isObject()) {
			JsonNode spec = body.get("spec");
			if (spec.has("fn")) {
				return new WebhookEnvelope(FUNCTION_CALL_COMPLETED, false, body);
			}
			if (spec.has("msg")) {
				return new WebhookEnvelope(HUMAN_CONTACT_COMPLETED, false, body);
			}
		}
		throw new InvalidWebhook(
				"Expected a HumanLayer webhook envelope {type, event} or a bare function call or human contact.");
	}

	/**
	 * The envelope of an approval or rejection, as the API description shows it.
	 *
	 * @param type always {@code function_call.completed}
	 * @param isTest true on a test delivery, which is acknowledged and ignored
	 * @param event the function call with its decision in {@code status}
	 */
	@Schema(name = "FunctionCallCompleted",
			description = "V1Beta2 envelope of a decided function call (V1Beta3 adds event.contact_channel_id)")
	record FunctionCallCompleted(@Schema(allowableValues = FUNCTION_CALL_COMPLETED) String type, Boolean isTest,
			FunctionCall event) {
	}

	/**
	 * The envelope of a reply, as the API description shows it.
	 *
	 * @param type always {@code human_contact.completed}
	 * @param isTest true on a test delivery, which is acknowledged and ignored
	 * @param event the human contact with its reply in {@code status.response}
	 */
	@Schema(name = "HumanContactCompleted",
			description = "V1Beta2 envelope of an answered human contact (V1Beta3 adds event.contact_channel_id)")
	record HumanContactCompleted(@Schema(allowableValues = HUMAN_CONTACT_COMPLETED) String type, Boolean isTest,
			HumanContact event) {
	}

	/**
	 * The V1Beta3 envelope of a conversation someone began with the agent, as the API
	 * description shows it.
	 *
	 * @param type always {@code conversation.created}
	 * @param isTest true on a test delivery, which is acknowledged and ignored
	 * @param event the person's message and the contact channel to answer on
	 */
	@Schema(name = "ConversationCreatedEvent",
			description = "V1Beta3 envelope of a new conversation: begins a thread that answers on its contact channel")
	record ConversationCreatedEnvelope(@Schema(allowableValues = CONVERSATION_CREATED) String type, Boolean isTest,
			ConversationCreated event) {
	}

	/**
	 * The envelope of an email to the agent, as the API description shows it.
	 *
	 * @param type always {@code agent_email.received}
	 * @param isTest true on a test delivery, which is acknowledged and ignored
	 * @param event the email
	 */
	@Schema(name = "AgentEmailReceived",
			description = "V1Beta2 envelope of an email to the agent: begins a thread that replies in the email thread")
	record AgentEmailReceived(@Schema(allowableValues = AGENT_EMAIL_RECEIVED) String type, Boolean isTest,
			EmailPayload event) {
	}

	/**
	 * The envelope of a Slack message to the agent, as the API description shows it.
	 *
	 * @param type always {@code agent_slack.received}
	 * @param isTest true on a test delivery, which is acknowledged and ignored
	 * @param event the Slack thread, its newest message last
	 */
	@Schema(name = "AgentSlackReceived",
			description = "V1Beta2 envelope of a Slack message to the agent: begins a thread that answers in the Slack thread")
	record AgentSlackReceived(@Schema(allowableValues = AGENT_SLACK_RECEIVED) String type, Boolean isTest,
			SlackThread event) {
	}

}
