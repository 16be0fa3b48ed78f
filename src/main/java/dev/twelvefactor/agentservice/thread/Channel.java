package dev.twelvefactor.agentservice.thread;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where a thread's requests to people go, in HumanLayer's own terms: an email address
 * (with the email thread to reply in), a Slack channel or user (with the Slack thread),
 * or a contact channel configured at HumanLayer. Exactly one is set; a thread without one
 * uses the service's default channel.
 *
 * @param email by email
 * @param slack in Slack
 * @param channelId a contact channel configured at HumanLayer, by its number (V1Beta3)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Channel",
		description = "Exactly one of email, slack or channel_id, named as in HumanLayer's " + "ContactChannel",
		example = "{\"slack\": {\"channel_or_user_id\": \"C0123ABC\"}}")
public record Channel(Email email, Slack slack, Long channelId) {

	/** The longest text any field may hold. */
	public static final int MAX_TEXT = 1000;

	/** The longest email address (RFC 5321's limit on a path). */
	public static final int MAX_ADDRESS = 254;

	private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+");

	private static final Pattern SLACK_ID = Pattern.compile("[CDGUW][A-Z0-9]{2,}");

	private static final Pattern THREAD_TS = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,10})?");

	public static Channel of(Email email) {
		return new Channel(email, null, null);
	}

	public static Channel of(Slack slack) {
		return new Channel(null, slack, null);
	}

	public static Channel of(long channelId) {
		return new Channel(null, null, channelId);
	}

	/**
	 * Checks that the channel can be sent to HumanLayer as it is.
	 * @return the channel
	 * @throws IllegalArgumentException naming the field that is wrong and what it must be
	 */
	public Channel check() {
		int set = ((this.email != null) ? 1 : 0) + ((this.slack != null) ? 1 : 0) + ((this.channelId != null) ? 1 : 0);
		if (set != 1) {
			throw new IllegalArgumentException("\"channel\" must name exactly one of email, slack or channel_id.");
		}
		if (this.email != null) {
			this.email.check();
		}
		if (this.slack != null) {
			this.slack.check();
		}
		if (this.channelId != null && this.channelId <= 0) {
			throw new IllegalArgumentException("\"channel.channel_id\" must be a positive number.");
		}
		return this;
	}

	private static void checkText(String field, String value) {
		if (value != null && value.length() > MAX_TEXT) {
			throw new IllegalArgumentException("\"" + field + "\" must be at most " + MAX_TEXT + " characters long.");
		}
	}

	/**
	 * An email address, and the email thread the requests reply in.
	 *
	 * @param address the address
	 * @param contextAboutUser who that is, for the model
	 * @param subject the requests' subject, such as {@code Re: } and the subject of the
	 * email that began the thread
	 * @param inReplyToMessageId the {@code message_id} of the email the requests answer
	 * @param referencesMessageId the {@code message_id} the requests' email thread refers
	 * to
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@Schema(name = "EmailChannel")
	public record Email(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String address, String contextAboutUser,
			String subject, String inReplyToMessageId, String referencesMessageId) {

		public Email(String address, String contextAboutUser) {
			this(address, contextAboutUser, null, null, null);
		}

		void check() {
			if (this.address == null || this.address.length() > MAX_ADDRESS
					|| !ADDRESS.matcher(this.address).matches()) {
				throw new IllegalArgumentException("\"channel.email.address\" must be an email address such as "
						+ "ops@example.com, at most " + MAX_ADDRESS + " characters long.");
			}
			checkText("channel.email.context_about_user", this.contextAboutUser);
			checkText("channel.email.subject", this.subject);
			checkText("channel.email.in_reply_to_message_id", this.inReplyToMessageId);
			checkText("channel.email.references_message_id", this.referencesMessageId);
		}

	}

	/**
	 * A Slack channel or user, and the Slack thread the requests go in.
	 *
	 * @param channelOrUserId an id such as {@code C0123ABC} (a channel) or
	 * {@code U0123ABC} (a user), not a {@code #name}
	 * @param contextAboutChannelOrUser who is there, for the model
	 * @param threadTs the {@code thread_ts} of the Slack thread to post in
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@Schema(name = "SlackChannel")
	public record Slack(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "C0123ABC") String channelOrUserId,
			String contextAboutChannelOrUser, String threadTs) {

		void check() {
			if (this.channelOrUserId == null || this.channelOrUserId.length() > MAX_TEXT
					|| !SLACK_ID.matcher(this.channelOrUserId).matches()) {
				throw new IllegalArgumentException("\"channel.slack.channel_or_user_id\" must be a Slack id such as "
						+ "C0123ABC (a channel) or U0123ABC (a user), not a #name.");
			}
			checkText("channel.slack.context_about_channel_or_user", this.contextAboutChannelOrUser);
			if (this.threadTs != null && !THREAD_TS.matcher(this.threadTs).matches()) {
				throw new IllegalArgumentException(
						"\"channel.slack.thread_ts\" must be a Slack timestamp such as 1717171717.123456.");
			}
		}

	}

}
