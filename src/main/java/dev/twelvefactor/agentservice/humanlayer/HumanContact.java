package dev.twelvefactor.agentservice.humanlayer;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * HumanLayer's message or question for a person, as sent and as answered.
 *
 * @param runId groups the calls of one agent
 * @param callId the request's id, chosen by the service
 * @param spec what to say
 * @param status the reply, filled in by HumanLayer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HumanContact(String runId, @NotBlank String callId, @NotNull @Valid Spec spec, Status status) {

	/**
	 * The message for a person.
	 *
	 * @param msg the text
	 * @param channel where to send it; absent for the project's default
	 * @param state opaque data returned with the reply: here, the thread's id
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@Schema(name = "HumanContactSpec")
	public record Spec(@NotBlank String msg, ContactChannel channel, Map<String, Object> state) {
	}

	/**
	 * A person's reply; {@code response} is {@code null} until there is one.
	 *
	 * @param requestedAt when HumanLayer took the request
	 * @param respondedAt when the person answered
	 * @param response the reply's text
	 * @param responseOptionName which canned reply the person picked, if any
	 * @param userInfo who answered, where HumanLayer says
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@Schema(name = "HumanContactStatus")
	public record Status(String requestedAt, String respondedAt, String response, String responseOptionName,
			Map<String, Object> userInfo) {
	}

}
