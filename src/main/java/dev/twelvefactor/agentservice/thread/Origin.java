package dev.twelvefactor.agentservice.thread;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where a thread that began outside the API came from, kept on its first event: the
 * email, the Slack message or the HumanLayer conversation HumanLayer delivered.
 *
 * @param source {@code email}, {@code slack} or {@code conversation}
 * @param email the email, when it came by email
 * @param slack the Slack message, when it came from Slack
 * @param conversation the conversation, when HumanLayer began one (V1Beta3)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Origin(@Schema(allowableValues = {
		"email", "slack", "conversation" }) String source, Email email, Slack slack, Conversation conversation){

	public static final String EMAIL = "email";

	public static final String SLACK = "slack";

	public static final String CONVERSATION = "conversation";

	public static Origin of(Email email) {
		return new Origin(EMAIL, email, null, null);
	}

	public static Origin of(Slack slack) {
		return new Origin(SLACK, null, slack, null);
	}

	public static Origin of(Conversation conversation) {
		return new Origin(CONVERSATION, null, null, conversation);
	}

	/**
	 * An inbound email ({@code agent_email.received}).
	 *
	 * @param fromAddress who sent it
	 * @param toAddress the agent's address it was sent to
	 * @param subject its subject
	 * @param messageId its {@code Message-ID}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@Schema(name = "EmailOrigin")
	public record Email(String fromAddress, String toAddress, String subject, String messageId) {
	}

	/**
	 * An inbound Slack message ({@code agent_slack.received}).
	 *
	 * @param channelId the Slack channel
	 * @param threadTs the Slack thread
	 * @param fromUserId who wrote it
	 * @param messageId the message's id
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@Schema(name = "SlackOrigin")
	public record Slack(String channelId, String threadTs, String fromUserId, String messageId) {
	}

	/**
	 * A conversation HumanLayer began on one of its contact channels
	 * ({@code conversation.created}, V1Beta3).
	 *
	 * @param contactChannelId the contact channel, by its number
	 * @param agentName the agent HumanLayer addressed
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@Schema(name = "ConversationOrigin")
	public record Conversation(long contactChannelId, String agentName) {
	}

}
