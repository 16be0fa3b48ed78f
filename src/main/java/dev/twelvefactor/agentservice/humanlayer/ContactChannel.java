package dev.twelvefactor.agentservice.humanlayer;

import java.util.List;

import dev.twelvefactor.agentservice.thread.Channel;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Where HumanLayer reaches a person: HumanLayer's {@code ContactChannel}, one of its keys
 * set, with every field HumanLayer's SDKs define, so that a channel read from a request
 * is written back unchanged.
 *
 * @param slack a Slack channel or user
 * @param sms a phone number, by SMS
 * @param whatsapp a phone number, by WhatsApp
 * @param email an email address
 * @param channelId a contact channel configured at HumanLayer, by its number, as a
 * V1Beta3 {@code conversation.created} names it ({@code contact_channel_id})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ContactChannel(Slack slack, Sms sms, WhatsApp whatsapp, Email email, Long channelId) {

	/**
	 * A thread's channel as HumanLayer names it: an email thread's subject and message
	 * ids under their {@code experimental_*} names.
	 * @param channel the thread's channel
	 * @return the channel to send
	 */
	public static ContactChannel of(Channel channel) {
		if (channel.email() != null) {
			Channel.Email email = channel.email();
			return of(new Email(email.address(), email.contextAboutUser(), null, email.subject(),
					email.referencesMessageId(), email.inReplyToMessageId(), null, null, null, null));
		}
		if (channel.slack() != null) {
			Channel.Slack slack = channel.slack();
			return of(new Slack(slack.channelOrUserId(), slack.contextAboutChannelOrUser(), slack.threadTs()));
		}
		return of(channel.channelId());
	}

	/**
	 * A channel by email only.
	 * @param email the address and how to write to it
	 * @return the channel
	 */
	public static ContactChannel of(Email email) {
		return new ContactChannel(null, null, null, email, null);
	}

	/**
	 * A channel in Slack only.
	 * @param slack the channel or user
	 * @return the channel
	 */
	public static ContactChannel of(Slack slack) {
		return new ContactChannel(slack, null, null, null, null);
	}

	/**
	 * A contact channel configured at HumanLayer.
	 * @param channelId its number
	 * @return the channel
	 */
	public static ContactChannel of(long channelId) {
		return new ContactChannel(null, null, null, null, channelId);
	}

	/**
	 * A Slack channel or user.
	 *
	 * @param channelOrUserId an id such as {@code C0123ABC} or {@code U0123ABC}, not a
	 * {@code #name}
	 * @param contextAboutChannelOrUser who is there, for the model
	 * @param botToken a Slack app's own token instead of HumanLayer's; never shown in
	 * {@link #toString()}
	 * @param allowedResponderIds the users whose answers count
	 * @param experimentalSlackBlocks whether to send Slack blocks
	 * @param threadTs the Slack thread to post in
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Slack(String channelOrUserId, String contextAboutChannelOrUser, String botToken,
			List<String> allowedResponderIds, Boolean experimentalSlackBlocks, String threadTs) {

		public Slack(String channelOrUserId, String contextAboutChannelOrUser, String threadTs) {
			this(channelOrUserId, contextAboutChannelOrUser, null, null, null, threadTs);
		}

		@Override
		public String toString() {
			return "Slack[channelOrUserId=" + this.channelOrUserId + ", contextAboutChannelOrUser="
					+ this.contextAboutChannelOrUser + ", botToken=" + ((this.botToken != null) ? "(set)" : "(unset)")
					+ ", allowedResponderIds=" + this.allowedResponderIds + ", experimentalSlackBlocks="
					+ this.experimentalSlackBlocks + ", threadTs=" + this.threadTs + "]";
		}

	}

	/**
	 * A phone number to text.
	 *
	 * @param phoneNumber the number
	 * @param contextAboutUser who that is, for the model
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Sms(String phoneNumber, String contextAboutUser) {
	}

	/**
	 * A phone number on WhatsApp.
	 *
	 * @param phoneNumber the number
	 * @param contextAboutUser who that is, for the model
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record WhatsApp(String phoneNumber, String contextAboutUser) {
	}

	/**
	 * An email address to contact, and how the email is threaded. HumanLayer's TypeScript
	 * SDK and its API know the {@code experimental_*} names; its Python SDK also sends
	 * the same values without the prefix. This service sends the prefixed ones.
	 *
	 * @param address the address
	 * @param contextAboutUser who that is, for the model
	 * @param additionalRecipients more addresses, each as to, cc or bcc
	 * @param experimentalSubjectLine the subject, such as {@code Re: } and an inbound
	 * email's subject
	 * @param experimentalReferencesMessageId the {@code References} of an email thread
	 * @param experimentalInReplyToMessageId the {@code message_id} this email answers
	 * @param template a Jinja2 template for the email's HTML body
	 * @param subject the Python SDK's copy of the subject
	 * @param referencesMessageId the Python SDK's copy of the references
	 * @param inReplyToMessageId the Python SDK's copy of the message id answered
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Email(String address, String contextAboutUser, List<Recipient> additionalRecipients,
			String experimentalSubjectLine, String experimentalReferencesMessageId,
			String experimentalInReplyToMessageId, String template, String subject, String referencesMessageId,
			String inReplyToMessageId) {

		public Email(String address, String contextAboutUser) {
			this(address, contextAboutUser, null, null, null, null, null, null, null, null);
		}

	}

	/**
	 * Another recipient of an email.
	 *
	 * @param address the address
	 * @param contextAboutUser who that is, for the model
	 * @param field {@code to}, {@code cc} or {@code bcc}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Recipient(String address, String contextAboutUser, String field) {
	}

}
