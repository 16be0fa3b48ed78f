package dev.twelvefactor.agentservice.humanlayer;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * HumanLayer's request for approval of a function call, as sent and as answered.
 *
 * @param runId groups the calls of one agent
 * @param callId the request's id, chosen by the service
 * @param spec what to approve
 * @param status the answer, filled in by HumanLayer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FunctionCall(String runId, @NotBlank String callId, @NotNull @Valid Spec spec, Status status) {

	/**
	 * What a person is asked to approve.
	 *
	 * @param fn the function's name
	 * @param kwargs its arguments
	 * @param channel where to ask; absent for the project's default
	 * @param rejectOptions canned rejections the person may pick; absent for none
	 * @param state opaque data returned with the answer: here, the thread's id
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@Schema(name = "FunctionCallSpec")
	public record Spec(@NotBlank String fn, Map<String, Object> kwargs, ContactChannel channel,
			List<ResponseOption> rejectOptions, Map<String, Object> state) {
	}

	/**
	 * A person's decision; {@code approved} is {@code null} while none was made.
	 *
	 * @param requestedAt when HumanLayer took the request
	 * @param respondedAt when the person answered
	 * @param approved the decision
	 * @param comment the person's words, expected on a rejection
	 * @param rejectOptionName which canned rejection the person picked, if any
	 * @param userInfo who answered, where HumanLayer says
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@Schema(name = "FunctionCallStatus")
	public record Status(String requestedAt, String respondedAt, Boolean approved, String comment,
			String rejectOptionName, Map<String, Object> userInfo) {
	}

}
