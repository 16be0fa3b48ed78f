package dev.twelvefactor.agentservice.thread;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who answered a call, through which channel and when, kept on the event that records the
 * answer.
 *
 * @param callId the call answered
 * @param channel how the answer came: {@code humanlayer}, {@code local_inbox},
 * {@code thread_message}, or {@code deadline} when nobody answered in time
 * @param respondedAt when the person answered, as the channel said
 * @param user who answered, where the channel says
 * @param approved the decision, for an approval request
 * @param comment the person's comment on a decision, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Respondent(String callId, String channel, String respondedAt, Map<String, Object> user, Boolean approved,
		String comment) {

	public static final String HUMANLAYER = "humanlayer";

	public static final String LOCAL_INBOX = "local_inbox";

	public static final String THREAD_MESSAGE = "thread_message";

	public static final String DEADLINE = "deadline";

}
