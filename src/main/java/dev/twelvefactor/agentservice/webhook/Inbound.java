package dev.twelvefactor.agentservice.webhook;

import java.util.List;
import java.util.Locale;

import dev.twelvefactor.agentservice.humanlayer.ConversationCreated;
import dev.twelvefactor.agentservice.humanlayer.EmailPayload;
import dev.twelvefactor.agentservice.humanlayer.SlackThread;
import dev.twelvefactor.agentservice.thread.Channel;
import dev.twelvefactor.agentservice.thread.Origin;

import org.springframework.util.StringUtils;

/**
 * A message that begins a thread outside the API, read from HumanLayer's event: the
 * user's words, where they came from, and the channel the thread answers on.
 *
 * @param message the user's message, the thread's first event
 * @param origin where it came from
 * @param channel where the thread's requests go: back where the message came from
 * @param key what makes two deliveries the same message ({@code email:} and the
 * {@code message_id}, {@code slack:} and the channel and message id), or {@code null}
 * when only the {@code webhook-id} does
 */
record Inbound(String message, Origin origin, Channel channel, String key) {

	private static final String REPLY_PREFIX = "re:";

	/**
	 * Reads a V1Beta3 conversation: answered on its contact channel.
	 * @param conversation the event
	 * @return the inbound message
	 * @throws InvalidWebhook without a message or a contact channel
	 */
	static Inbound of(ConversationCreated conversation) {
		String message = required(conversation.userMessage(), "event.user_message");
		if (conversation.contactChannelId() == null) {
			throw new InvalidWebhook("The event has no contact_channel_id to answer on.");
		}
		Origin origin = Origin
			.of(new Origin.Conversation(conversation.contactChannelId(), bounded(conversation.agentName())));
		return new Inbound(message, origin, checked(Channel.of(conversation.contactChannelId())), null);
	}

	/**
	 * Reads an email: answered by a reply in the same email thread.
	 * @param email the event
	 * @return the inbound message
	 * @throws InvalidWebhook without a sender, or with neither a body nor a subject
	 */
	static Inbound of(EmailPayload email) {
		String from = required(email.fromAddress(), "event.from_address");
		String message = StringUtils.hasText(email.body()) ? email.body()
				: required(email.subject(), "event.body or event.subject");
		String messageId = StringUtils.hasText(email.messageId()) ? email.messageId() : null;
		Origin origin = Origin
			.of(new Origin.Email(from, bounded(email.toAddress()), bounded(email.subject()), bounded(messageId)));
		Channel channel = Channel
			.of(new Channel.Email(from, null, replySubject(email.subject()), messageId, messageId));
		return new Inbound(message, origin, checked(channel), (messageId != null) ? "email:" + messageId : null);
	}

	/**
	 * Reads a Slack thread: its newest message is the user's, answered in the same Slack
	 * thread.
	 * @param slack the event
	 * @return the inbound message
	 * @throws InvalidWebhook without messages, text or a channel
	 */
	static Inbound of(SlackThread slack) {
		List<SlackThread.Message> events = slack.events();
		if (events == null || events.isEmpty() || events.get(events.size() - 1) == null) {
			throw new InvalidWebhook("The event has no messages (event.events is empty).");
		}
		SlackThread.Message newest = events.get(events.size() - 1);
		String message = required(newest.content(), "event.events[-1].content");
		String channelId = required(StringUtils.hasText(slack.channelId()) ? slack.channelId() : newest.channelId(),
				"event.channel_id");
		String threadTs = StringUtils.hasText(slack.threadTs()) ? slack.threadTs() : null;
		Origin origin = Origin
			.of(new Origin.Slack(channelId, threadTs, bounded(newest.fromUserId()), bounded(newest.messageId())));
		Channel channel = Channel.of(new Channel.Slack(channelId, null, threadTs));
		String key = StringUtils.hasText(newest.messageId()) ? "slack:" + channelId + ":" + newest.messageId() : null;
		return new Inbound(message, origin, checked(channel), key);
	}

	/**
	 * The subject of a reply, as HumanLayer's examples write it: {@code Re: } once.
	 */
	static String replySubject(String subject) {
		if (!StringUtils.hasText(subject)) {
			return null;
		}
		String stripped = subject.strip();
		String reply = stripped.toLowerCase(Locale.ROOT).startsWith(REPLY_PREFIX) ? stripped : "Re: " + stripped;
		return bounded(reply);
	}

	private static String required(String value, String field) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidWebhook("The event has no " + field + ".");
		}
		return value;
	}

	/**
	 * Cuts what only describes the origin to the length a channel's text may have, so an
	 * event cannot make a thread hold more than its message.
	 */
	private static String bounded(String text) {
		return (text != null && text.length() > Channel.MAX_TEXT) ? text.substring(0, Channel.MAX_TEXT) : text;
	}

	private static Channel checked(Channel channel) {
		try {
			return channel.check();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWebhook("The event names no channel to answer on: " + ex.getMessage());
		}
	}

}
