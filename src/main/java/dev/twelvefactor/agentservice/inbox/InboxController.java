package dev.twelvefactor.agentservice.inbox;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;
import dev.twelvefactor.agentservice.thread.CallKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A local stand-in for HumanLayer when no API key is set: it takes the same requests on
 * the same paths, lists what is pending, and takes a person's answer; the {@link Inbox}
 * does the rest.
 */
@RestController
@RequestMapping(HumanLayerProperties.LOCAL_API_PATH)
@Conditional(LocalInboxCondition.class)
@Tag(name = "local inbox", description = "HumanLayer's API, served locally when HUMANLAYER_API_KEY is not set")
class InboxController {

	private static final String PENDING_FUNCTION_CALLS = "/agent/function_calls/pending";

	private static final String PENDING_HUMAN_CONTACTS = "/agent/human_contacts/pending";

	private static final String DEFAULT_LIMIT = "100";

	private static final int MAXIMUM_LIMIT = 500;

	private static final String ANSWERED_OR_WITHDRAWN = "urn:problem-type:call-answered when the call has an answer "
			+ "already, given here or another way; urn:problem-type:call-withdrawn when its thread was cancelled or is gone";

	private final Inbox inbox;

	InboxController(Inbox inbox) {
		this.inbox = inbox;
	}

	@Operation(summary = "Create a function call (an approval request), as HumanLayer's POST /function_calls",
			description = "Every field is kept as sent and comes back unchanged, with status.requested_at added.")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = FunctionCall.class)))
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "409", ref = "call-exists")
	@PostMapping(path = "/function_calls", consumes = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode createFunctionCall(@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = FunctionCall.class))) @RequestBody ObjectNode call) {
		CallBodies.checkCall(CallKind.FUNCTION_CALL, call);
		return this.inbox.create(CallKind.FUNCTION_CALL, call);
	}

	@Operation(summary = "Create a human contact, as HumanLayer's POST /contact_requests",
			description = "Every field is kept as sent and comes back unchanged, with status.requested_at added.")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = HumanContact.class)))
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "409", ref = "call-exists")
	@PostMapping(path = "/contact_requests", consumes = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode createHumanContact(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			schema = @Schema(implementation = HumanContact.class))) @RequestBody ObjectNode contact) {
		CallBodies.checkCall(CallKind.HUMAN_CONTACT, contact);
		return this.inbox.create(CallKind.HUMAN_CONTACT, contact);
	}

	@Operation(summary = "Read a function call back, with its decision once made",
			description = "As created, plus withdrawn (why) once its thread was cancelled or is gone, and "
					+ "webhook_error when the webhook did not take an answer that stands all the same.")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = FunctionCall.class)))
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@GetMapping("/function_calls/{callId}")
	ObjectNode functionCall(@PathVariable String callId) {
		return read(this.inbox.calls(CallKind.FUNCTION_CALL).get(callId));
	}

	@Operation(summary = "Read a human contact back, with its reply once given",
			description = "As created, plus withdrawn (why) once its thread was cancelled or is gone, and "
					+ "webhook_error when the webhook did not take an answer that stands all the same.")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = HumanContact.class)))
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@GetMapping("/contact_requests/{callId}")
	ObjectNode humanContact(@PathVariable String callId) {
		return read(this.inbox.calls(CallKind.HUMAN_CONTACT).get(callId));
	}

	/**
	 * The function calls awaiting a decision, newest first, a page at a time, each with
	 * its escalation if it had one.
	 * @return the pending calls, or 304 when they did not change since the ETag given
	 */
	@Operation(summary = "List the function calls awaiting a decision, newest first",
			description = "A page at a time: Link rel=\"next\" names the next page. Send the ETag back in "
					+ "If-None-Match to get 304 while the list is unchanged.")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true,
			headers = { @Header(name = HttpHeaders.ETAG, description = "The list's version"),
					@Header(name = HttpHeaders.LINK, description = "The next page, as rel=\"next\", if there is one") })
	@ApiResponse(responseCode = "304", description = "Unchanged since the ETag in If-None-Match", content = @Content)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@GetMapping(PENDING_FUNCTION_CALLS)
	ResponseEntity<List<ObjectNode>> pendingFunctionCalls(
			@Parameter(description = "How many calls, at most") @RequestParam(
					defaultValue = DEFAULT_LIMIT) @Min(1) @Max(MAXIMUM_LIMIT) int limit,
			@Parameter(
					description = "Where the page starts: the cursor of the previous page's Link rel=\"next\"") @RequestParam(
							required = false) String cursor,
			WebRequest request) {
		return page(this.inbox.calls(CallKind.FUNCTION_CALL), PENDING_FUNCTION_CALLS, limit, cursor, request);
	}

	/**
	 * The human contacts awaiting a reply, newest first, a page at a time, each with its
	 * escalation if it had one.
	 * @return the pending contacts, or 304 when they did not change since the ETag given
	 */
	@Operation(summary = "List the human contacts awaiting a reply, newest first",
			description = "A page at a time: Link rel=\"next\" names the next page. Send the ETag back in "
					+ "If-None-Match to get 304 while the list is unchanged.")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true,
			headers = { @Header(name = HttpHeaders.ETAG, description = "The list's version"),
					@Header(name = HttpHeaders.LINK, description = "The next page, as rel=\"next\", if there is one") })
	@ApiResponse(responseCode = "304", description = "Unchanged since the ETag in If-None-Match", content = @Content)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@GetMapping(PENDING_HUMAN_CONTACTS)
	ResponseEntity<List<ObjectNode>> pendingHumanContacts(
			@Parameter(description = "How many contacts, at most") @RequestParam(
					defaultValue = DEFAULT_LIMIT) @Min(1) @Max(MAXIMUM_LIMIT) int limit,
			@Parameter(
					description = "Where the page starts: the cursor of the previous page's Link rel=\"next\"") @RequestParam(
							required = false) String cursor,
			WebRequest request) {
		return page(this.inbox.calls(CallKind.HUMAN_CONTACT), PENDING_HUMAN_CONTACTS, limit, cursor, request);
	}

	/**
	 * One page of pending calls; the version is read before the calls, so a change
	 * between the two only costs the next poll a full answer.
	 */
	private static ResponseEntity<List<ObjectNode>> page(Calls<ObjectNode> calls, String path, int limit, String cursor,
			WebRequest request) {
		String etag = "\"" + calls.version() + "\"";
		if (request.checkNotModified(etag)) {
			return null;
		}
		Calls.Page<ObjectNode> page = calls.pending((cursor != null) ? Calls.Position.of(cursor) : null, limit);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache());
		if (page.next() != null) {
			String next = UriComponentsBuilder.fromPath(HumanLayerProperties.LOCAL_API_PATH + path)
				.queryParam("limit", limit)
				.queryParam("cursor", page.next().cursor())
				.toUriString();
			response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
		}
		return response.body(page.calls().stream().map(InboxController::read).toList());
	}

	/**
	 * A call as HumanLayer shows it, plus what the inbox adds: {@code escalation_msg}
	 * once escalated, {@code withdrawn} (why) once withdrawn, {@code webhook_error} when
	 * the webhook did not take an answer that stands all the same.
	 */
	private static ObjectNode read(InboxCall<ObjectNode> call) {
		ObjectNode read = call.call().deepCopy();
		if (call.escalationMsg() != null) {
			read.put("escalation_msg", call.escalationMsg());
		}
		if (call.state().withdrawal() != null) {
			read.put("withdrawn", call.state().withdrawal());
		}
		if (call.webhookError() != null) {
			read.put("webhook_error", call.webhookError());
		}
		return read;
	}

	/** See HumanLayer's {@code POST /agent/function_calls/{call_id}/escalate_email}. */
	@Operation(summary = "Escalate a function call (the local inbox shows a flag)")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = FunctionCall.class)))
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@PostMapping(path = "/agent/function_calls/{callId}/escalate_email", consumes = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode escalateFunctionCall(@PathVariable String callId, @Valid @RequestBody Escalation escalation) {
		return this.inbox.escalate(CallKind.FUNCTION_CALL, callId, escalation.escalationMsg()).call();
	}

	/** See HumanLayer's {@code POST /agent/human_contacts/{call_id}/escalate_email}. */
	@Operation(summary = "Escalate a human contact (the local inbox shows a flag)")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = HumanContact.class)))
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@PostMapping(path = "/agent/human_contacts/{callId}/escalate_email", consumes = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode escalateHumanContact(@PathVariable String callId, @Valid @RequestBody Escalation escalation) {
		return this.inbox.escalate(CallKind.HUMAN_CONTACT, callId, escalation.escalationMsg()).call();
	}

	/**
	 * Approves or rejects a function call and delivers {@code function_call.completed}.
	 * @param callId the call
	 * @param decision {@code approved} and, for a rejection, a {@code comment}
	 * @return the completed call
	 */
	@Operation(summary = "Approve or reject a function call; delivers function_call.completed to the webhook",
			description = "The body is HumanLayer's FunctionCallStatus: approved, comment, reject_option_name (one of "
					+ "the call's reject_options), and any other field (user_info, ...), all kept on the call's status. "
					+ "A call of no thread of this service's is answered for good, whatever the webhook says "
					+ "(webhook_error on the call).")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = FunctionCall.class)))
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@ApiResponse(responseCode = "409", description = ANSWERED_OR_WITHDRAWN,
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "502", ref = "webhook-not-delivered")
	@PostMapping(path = "/agent/function_calls/{callId}/respond", consumes = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode respondToFunctionCall(@PathVariable String callId, @Valid @RequestBody Decision decision) {
		ObjectNode answer = decision.others();
		answer.put("approved", decision.approved());
		putIfSet(answer, "comment", decision.comment());
		putIfSet(answer, "reject_option_name", decision.rejectOptionName());
		CallBodies.checkAnswer(this.inbox.calls(CallKind.FUNCTION_CALL).get(callId).asked(), answer, "reject_options",
				"reject_option_name");
		return read(this.inbox.respond(CallKind.FUNCTION_CALL, callId, answer));
	}

	/**
	 * Replies to a human contact and delivers {@code human_contact.completed}.
	 * @param callId the contact
	 * @param reply the {@code response} text
	 * @return the completed contact
	 */
	@Operation(summary = "Reply to a human contact; delivers human_contact.completed to the webhook",
			description = "The body is HumanLayer's HumanContactStatus: response, response_option_name (one of the "
					+ "call's response_options), and any other field (user_info, ...), all kept on the call's status. "
					+ "A call of no thread of this service's is answered for good, whatever the webhook says "
					+ "(webhook_error on the call).")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(schema = @Schema(implementation = HumanContact.class)))
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@ApiResponse(responseCode = "409", description = ANSWERED_OR_WITHDRAWN,
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "502", ref = "webhook-not-delivered")
	@PostMapping(path = "/agent/human_contacts/{callId}/respond", consumes = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode respondToHumanContact(@PathVariable String callId, @Valid @RequestBody Reply reply) {
		ObjectNode answer = reply.others();
		answer.put("response", reply.response());
		putIfSet(answer, "response_option_name", reply.responseOptionName());
		CallBodies.checkAnswer(this.inbox.calls(CallKind.HUMAN_CONTACT).get(callId).asked(), answer, "response_options",
				"response_option_name");
		return read(this.inbox.respond(CallKind.HUMAN_CONTACT, callId, answer));
	}

	private static void putIfSet(ObjectNode answer, String field, String value) {
		if (value != null) {
			answer.put(field, value);
		}
	}

	/**
	 * A request this inbox refuses is an {@code invalid-request} problem, as HumanLayer's
	 * own rules are.
	 * @param ex the body that broke a rule
	 * @return the problem
	 */
	@ExceptionHandler
	ErrorResponse invalidBody(MethodArgumentNotValidException ex) {
		return InboxProblem.invalid(ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> describe(error.getField(), error))
			.sorted()
			.collect(Collectors.joining("; ", "", ".")));
	}

	/**
	 * A query parameter out of its range is an {@code invalid-request} problem too.
	 * @param ex the parameters that broke a rule
	 * @return the problem
	 */
	@ExceptionHandler
	ErrorResponse invalidParameter(HandlerMethodValidationException ex) {
		return InboxProblem.invalid(ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> describe(result.getMethodParameter().getParameterName(), error)))
			.sorted()
			.collect(Collectors.joining("; ", "", ".")));
	}

	private static String describe(String name, MessageSourceResolvable error) {
		String field = (error instanceof FieldError fieldError) ? fieldError.getField() : name;
		return "\"" + snakeCase(field) + "\" " + error.getDefaultMessage();
	}

	private static String snakeCase(String path) {
		return path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	/**
	 * HumanLayer's escalation request.
	 *
	 * @param escalationMsg why the call is escalated
	 */
	record Escalation(@NotBlank @WithinMessageLength String escalationMsg) {
	}

	/**
	 * A person's decision on a function call: HumanLayer's {@code FunctionCallStatus}.
	 *
	 * @param approved whether to run it
	 * @param comment the person's words, expected on a rejection
	 * @param rejectOptionName which canned rejection the person picked, if any
	 * @param others every other field of the status ({@code user_info}, say), kept as
	 * sent
	 */
	record Decision(@NotNull Boolean approved, @WithinMessageLength String comment, String rejectOptionName,
			@JsonAnySetter @Schema(hidden = true) ObjectNode others) {

		Decision {
			others = (others != null) ? others.deepCopy() : JsonNodeFactory.instance.objectNode();
		}

	}

	/**
	 * A person's reply to a human contact: HumanLayer's {@code HumanContactStatus}.
	 *
	 * @param response the reply
	 * @param responseOptionName which canned reply the person picked, if any
	 * @param others every other field of the status ({@code user_info}, say), kept as
	 * sent
	 */
	record Reply(@NotBlank @WithinMessageLength String response, String responseOptionName,
			@JsonAnySetter @Schema(hidden = true) ObjectNode others) {

		Reply {
			others = (others != null) ? others.deepCopy() : JsonNodeFactory.instance.objectNode();
		}

	}

}
