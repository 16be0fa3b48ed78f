package dev.twelvefactor.agentservice.approval;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a rule's approvals are asked: an email address or a Slack channel, exactly one.
 *
 * @param email the address to email
 * @param slack the Slack channel's (or user's) id, such as {@code C0123ABCDEF}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalChannel(String email, String slack) {

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

	/**
	 * Slack's ids: channels (C), private channels (G), direct messages (D), users (U, W).
	 */
	private static final Pattern SLACK_ID = Pattern.compile("[CGDUW][A-Z0-9]{6,}");

	/**
	 * Reads a rule's {@code channel}: an email address, or a Slack channel id.
	 * @param text the policy's text
	 * @return the channel
	 * @throws IllegalArgumentException when the text is neither
	 */
	static ApprovalChannel parse(String text) {
		String channel = text.strip();
		if (EMAIL.matcher(channel).matches()) {
			return new ApprovalChannel(channel, null);
		}
		if (SLACK_ID.matcher(channel).matches()) {
			return new ApprovalChannel(null, channel);
		}
		throw new IllegalArgumentException("channel \"" + text
				+ "\" is neither an email address nor a Slack channel id (such as C0123ABCDEF; a #name is not an id)");
	}

}
