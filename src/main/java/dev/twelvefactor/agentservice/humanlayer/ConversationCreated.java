package dev.twelvefactor.agentservice.humanlayer;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A conversation a person began with the agent on one of the contact channels configured
 * at HumanLayer: the event of HumanLayer's V1Beta3 {@code conversation.created} webhook,
 * as the 12-factor agents template reads it.
 *
 * @param userMessage what the person wrote
 * @param contactChannelId the contact channel, by its number, on which to answer
 * @param agentName the agent the person wrote to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConversationCreated(String userMessage, Long contactChannelId, String agentName) {
}
