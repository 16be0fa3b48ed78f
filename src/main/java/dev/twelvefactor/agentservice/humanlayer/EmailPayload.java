package dev.twelvefactor.agentservice.humanlayer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An email sent to the agent's HumanLayer address: the event of HumanLayer's
 * {@code agent_email.received} webhook.
 *
 * @param fromAddress who sent it
 * @param toAddress the agent's address
 * @param subject its subject
 * @param body its text
 * @param messageId its {@code Message-ID}, which a reply refers to
 * @param previousThread the emails before it in the same email thread
 * @param rawEmail the whole email as received
 * @param isTest whether HumanLayer sent it as a test
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EmailPayload(String fromAddress, String toAddress, String subject, String body, String messageId,
		List<EmailMessage> previousThread, String rawEmail, Boolean isTest) {

	/**
	 * An earlier email of the thread.
	 *
	 * @param fromAddress who sent it
	 * @param toAddress to whom
	 * @param ccAddress in copy
	 * @param bccAddress in blind copy
	 * @param subject its subject
	 * @param content its text
	 * @param datetime when it was sent
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record EmailMessage(String fromAddress, List<String> toAddress, List<String> ccAddress,
			List<String> bccAddress, String subject, String content, String datetime) {
	}

}
