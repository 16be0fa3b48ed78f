package dev.twelvefactor.agentservice.humanlayer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * HumanLayer's request to escalate a call nobody answered, by email to more people or on
 * another channel.
 *
 * @param escalationMsg why the call is escalated
 * @param additionalRecipients more people to ask by email
 * @param channel where to escalate; absent for the call's own channel
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Escalation(String escalationMsg, List<ContactChannel.Recipient> additionalRecipients, ContactChannel channel) {
}
