package dev.twelvefactor.agentservice.thread;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One entry of a thread, in the {@code {"type", "data"}} shape the workshop's clients
 * read.
 *
 * @param type what happened: {@code user_input}, {@code tool_call},
 * {@code tool_response}, {@code human_response} or {@code error}
 * @param data a string, a number, or for a {@code tool_call} an object with its
 * {@code intent} and fields
 * @param respondent on an event that records a person's answer: who answered, how and
 * when
 * @param approval on a {@code tool_call} of a tool: whether it needed a person's approval
 * and which rule decided
 * @param origin on the first event of a thread that began outside the API: the email,
 * Slack message or conversation it came from
 */
public record Event(@Schema(allowableValues = {
		"user_input", "tool_call", "tool_response", "human_response", "error" }) String type,
		@Schema(description = "A string, a number, or for a tool_call an object with its intent and fields",
				example = "{\"intent\": \"divide\", \"a\": 3, \"b\": 4}") Object data,
		@JsonInclude(JsonInclude.Include.NON_NULL) Respondent respondent,
		@JsonInclude(JsonInclude.Include.NON_NULL) ApprovalDecision approval,
		@JsonInclude(JsonInclude.Include.NON_NULL) Origin origin){

	public Event(String type, Object data) {
		this(type, data, null, null, null);
	}

	public Event(String type, Object data, Respondent respondent) {
		this(type, data, respondent, null, null);
	}

	public static final String USER_INPUT = "user_input";

	public static final String TOOL_CALL = "tool_call";

	public static final String TOOL_RESPONSE = "tool_response";

	public static final String HUMAN_RESPONSE = "human_response";

	public static final String ERROR = "error";

	public static Event userInput(String message) {
		return new Event(USER_INPUT, message);
	}

	/**
	 * The user's message that began a thread outside the API.
	 * @param message the message
	 * @param origin where it came from, or {@code null} for the API
	 * @return the event
	 */
	public static Event userInput(String message, Origin origin) {
		return new Event(USER_INPUT, message, null, null, origin);
	}

	public static Event toolCall(Map<String, Object> step) {
		return new Event(TOOL_CALL, Collections.unmodifiableMap(new LinkedHashMap<>(step)));
	}

	public static Event toolResponse(BigDecimal result) {
		return new Event(TOOL_RESPONSE, result);
	}

	public static Event toolResponse(String text) {
		return new Event(TOOL_RESPONSE, text);
	}

	public static Event humanResponse(String answer) {
		return new Event(HUMAN_RESPONSE, answer);
	}

	public static Event error(String message) {
		return new Event(ERROR, message);
	}

	/**
	 * The same event, marked with who answered.
	 * @param respondent who answered, how and when
	 * @return the marked event
	 */
	public Event answeredBy(Respondent respondent) {
		return new Event(this.type, this.data, respondent, this.approval, this.origin);
	}

	/**
	 * The same {@code tool_call}, marked with the approval policy's decision on it.
	 * @param decision whether it needs a person's approval, and why
	 * @return the marked event
	 */
	public Event decided(ApprovalDecision decision) {
		return new Event(this.type, this.data, this.respondent, decision, this.origin);
	}

	public boolean is(String type) {
		return this.type.equals(type);
	}

	/**
	 * About how many characters the event takes as text, its respondent and origin
	 * included.
	 * @return the approximate size
	 */
	long approximateSize() {
		long size = this.type.length() + length(this.data);
		if (this.respondent != null) {
			size += this.respondent.toString().length();
		}
		if (this.approval != null) {
			size += this.approval.toString().length();
		}
		if (this.origin != null) {
			size += this.origin.toString().length();
		}
		return size;
	}

	private static long length(Object data) {
		if (data instanceof Map<?, ?> map) {
			long size = 0;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				size += length(entry.getKey()) + length(entry.getValue());
			}
			return size;
		}
		return String.valueOf(data).length();
	}

	/**
	 * The intent of a {@code tool_call}, or {@code null} for any other event.
	 * @return the intent name
	 */
	public String intent() {
		return (this.data instanceof Map<?, ?> map && map.get("intent") instanceof String intent) ? intent : null;
	}

}
