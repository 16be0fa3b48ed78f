package dev.twelvefactor.agentservice.humanlayer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A Slack thread in which someone wrote to the agent: the event of HumanLayer's
 * {@code agent_slack.received} webhook.
 *
 * @param threadTs the Slack thread
 * @param channelId the Slack channel
 * @param events the thread's messages, oldest first; the last one is the newest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SlackThread(String threadTs, String channelId, List<Message> events) {

	/**
	 * One message of the thread.
	 *
	 * @param fromUserId who wrote it
	 * @param channelId the Slack channel
	 * @param content its text
	 * @param messageId its id
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Message(String fromUserId, String channelId, String content, String messageId) {
	}

}
