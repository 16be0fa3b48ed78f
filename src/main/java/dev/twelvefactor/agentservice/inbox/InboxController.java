package dev.twelvefactor.agentservice.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;
import dev.twelvefactor.agentservice.thread.ThreadProperties;
import dev.twelvefactor.agentservice.webhook.WebhookProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A local stand-in for HumanLayer when no API key is set: it takes the same requests on
 * the same paths, lists what is pending, and turns a person's answer into a real webhook.
 */
@RestController
@RequestMapping(HumanLayerProperties.LOCAL_API_PATH)
@Conditional(LocalInboxCondition.class)
@Tag(name = "local inbox", description = "HumanLayer's API, served locally when HUMANLAYER_API_KEY is not set")
class InboxController {

	private static final Logger logger = LoggerFactory.getLogger(InboxController.class);

	private static final String FUNCTION_CALL_COMPLETED = "function_call.completed";

	private static final String HUMAN_CONTACT_COMPLETED = "human_contact.completed";

	private final Calls<FunctionCall> functionCalls;

	private final Calls<HumanContact> humanContacts;

	/** The escalation message of each call escalated, within the calls' own bounds. */
	private final Map<String, String> escalations;

	private final WebhookSender webhooks;

	/**
	 * The longest reply or comment taken: the webhook refuses longer ones, as it does
	 * messages.
	 */
	private final int maxAnswerLength;

	InboxController(OkHttpClient http, JsonMapper json, InboxProperties properties, WebhookProperties webhook,
			ThreadProperties threads, Environment environment) {
		this.webhooks = new WebhookSender(http, json, properties, webhook.signature(), environment);
		this.maxAnswerLength = threads.maxMessageLength();
		this.functionCalls = new Calls<>((call) -> call.status() != null && call.status().approved() != null,
				(call) -> call.status().requestedAt(), threads.store().maximumSize(), threads.store().idleExpiry());
		this.humanContacts = new Calls<>((contact) -> contact.status() != null && contact.status().response() != null,
				(contact) -> contact.status().requestedAt(), threads.store().maximumSize(),
				threads.store().idleExpiry());
		this.escalations = Caffeine.newBuilder()
			.maximumSize(threads.store().maximumSize())
			.expireAfterWrite(threads.store().idleExpiry())
			.<String, String>build()
			.asMap();
		logger.info("No HUMANLAYER_API_KEY: humans answer through the local inbox at {}.",
				HumanLayerProperties.LOCAL_API_PATH);
	}

	@Operation(summary = "Create a function call (an approval request), as HumanLayer's POST /function_calls")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "409", ref = "call-exists")
	@PostMapping(path = "/function_calls", consumes = MediaType.APPLICATION_JSON_VALUE)
	FunctionCall createFunctionCall(@RequestBody FunctionCall call) {
		String callId = requireCallId(call.callId());
		if (call.spec() == null || !StringUtils.hasText(call.spec().fn())) {
			throw InboxProblem.invalid("A function call needs spec.fn.");
		}
		FunctionCall.Status status = new FunctionCall.Status(now(), null, null, null, null, null);
		logger.debug("Inbox: function call {} ({}) awaits a decision.", callId, call.spec().fn());
		return this.functionCalls.add(callId, new FunctionCall(call.runId(), callId, call.spec(), status));
	}

	@Operation(summary = "Create a human contact, as HumanLayer's POST /contact_requests")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "409", ref = "call-exists")
	@PostMapping(path = "/contact_requests", consumes = MediaType.APPLICATION_JSON_VALUE)
	HumanContact createHumanContact(@RequestBody HumanContact contact) {
		String callId = requireCallId(contact.callId());
		if (contact.spec() == null || !StringUtils.hasText(contact.spec().msg())) {
			throw InboxProblem.invalid("A human contact needs spec.msg.");
		}
		HumanContact.Status status = new HumanContact.Status(now(), null, null, null, null);
		logger.debug("Inbox: human contact {} awaits a reply.", callId);
		return this.humanContacts.add(callId, new HumanContact(contact.runId(), callId, contact.spec(), status));
	}

	@Operation(summary = "Read a function call back, with its decision once made")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@GetMapping("/function_calls/{callId}")
	FunctionCall functionCall(@PathVariable String callId) {
		return this.functionCalls.get(callId);
	}

	@Operation(summary = "Read a human contact back, with its reply once given")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@GetMapping("/contact_requests/{callId}")
	HumanContact humanContact(@PathVariable String callId) {
		return this.humanContacts.get(callId);
	}

	/**
	 * The function calls awaiting a decision, newest first, each with its escalation if
	 * it had one.
	 * @return the pending calls
	 */
	@Operation(summary = "List the function calls awaiting a decision, newest first")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@GetMapping("/agent/function_calls/pending")
	List<Pending<FunctionCall>> pendingFunctionCalls() {
		return this.functionCalls.pending().stream().map((call) -> pending(call, call.callId())).toList();
	}

	/**
	 * The human contacts awaiting a reply, newest first, each with its escalation if it
	 * had one.
	 * @return the pending contacts
	 */
	@Operation(summary = "List the human contacts awaiting a reply, newest first")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@GetMapping("/agent/human_contacts/pending")
	List<Pending<HumanContact>> pendingHumanContacts() {
		return this.humanContacts.pending().stream().map((contact) -> pending(contact, contact.callId())).toList();
	}

	/** See HumanLayer's {@code POST /agent/function_calls/{call_id}/escalate_email}. */
	@Operation(summary = "Escalate a function call (the local inbox shows a flag)")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@PostMapping(path = "/agent/function_calls/{callId}/escalate_email", consumes = MediaType.APPLICATION_JSON_VALUE)
	FunctionCall escalateFunctionCall(@PathVariable String callId, @RequestBody Escalation escalation) {
		FunctionCall call = this.functionCalls.get(callId);
		escalate(callId, escalation);
		return call;
	}

	/** See HumanLayer's {@code POST /agent/human_contacts/{call_id}/escalate_email}. */
	@Operation(summary = "Escalate a human contact (the local inbox shows a flag)")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@PostMapping(path = "/agent/human_contacts/{callId}/escalate_email", consumes = MediaType.APPLICATION_JSON_VALUE)
	HumanContact escalateHumanContact(@PathVariable String callId, @RequestBody Escalation escalation) {
		HumanContact contact = this.humanContacts.get(callId);
		escalate(callId, escalation);
		return contact;
	}

	private void escalate(String callId, Escalation escalation) {
		if (!StringUtils.hasText(escalation.escalationMsg())) {
			throw InboxProblem.invalid("An escalation needs an escalation_msg.");
		}
		this.escalations.put(callId, escalation.escalationMsg());
		logger.info("Inbox: call {} was escalated.", callId);
	}

	private <T> Pending<T> pending(T call, String callId) {
		return new Pending<>(call, this.escalations.get(callId));
	}

	/**
	 * Approves or rejects a function call and delivers {@code function_call.completed}.
	 * @param callId the call
	 * @param decision {@code approved} and, for a rejection, a {@code comment}
	 * @return the completed call
	 */
	@Operation(summary = "Approve or reject a function call; delivers function_call.completed to the webhook")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@ApiResponse(responseCode = "409", ref = "call-answered")
	@ApiResponse(responseCode = "502", ref = "webhook-not-delivered")
	@PostMapping(path = "/agent/function_calls/{callId}/respond", consumes = MediaType.APPLICATION_JSON_VALUE)
	FunctionCall respondToFunctionCall(@PathVariable String callId, @RequestBody FunctionCall.Status decision) {
		if (decision.approved() == null) {
			throw InboxProblem.invalid("The decision needs \"approved\": true or false.");
		}
		checkLength("comment", decision.comment());
		FunctionCall pending = this.functionCalls.get(callId);
		FunctionCall answered = this.functionCalls.answer(callId,
				(call) -> new FunctionCall(call.runId(), call.callId(), call.spec(),
						new FunctionCall.Status(call.status().requestedAt(), now(), decision.approved(),
								decision.comment(), decision.rejectOptionName(), null)));
		deliver(callId, FUNCTION_CALL_COMPLETED, answered, () -> this.functionCalls.revert(callId, answered, pending));
		return answered;
	}

	/**
	 * Replies to a human contact and delivers {@code human_contact.completed}.
	 * @param callId the contact
	 * @param reply the {@code response} text
	 * @return the completed contact
	 */
	@Operation(summary = "Reply to a human contact; delivers human_contact.completed to the webhook")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", ref = "invalid-request")
	@ApiResponse(responseCode = "404", ref = "call-not-found")
	@ApiResponse(responseCode = "409", ref = "call-answered")
	@ApiResponse(responseCode = "502", ref = "webhook-not-delivered")
	@PostMapping(path = "/agent/human_contacts/{callId}/respond", consumes = MediaType.APPLICATION_JSON_VALUE)
	HumanContact respondToHumanContact(@PathVariable String callId, @RequestBody HumanContact.Status reply) {
		if (!StringUtils.hasText(reply.response())) {
			throw InboxProblem.invalid("The reply needs a non-empty \"response\".");
		}
		checkLength("response", reply.response());
		HumanContact pending = this.humanContacts.get(callId);
		HumanContact answered = this.humanContacts.answer(callId,
				(contact) -> new HumanContact(contact.runId(), contact.callId(), contact.spec(),
						new HumanContact.Status(contact.status().requestedAt(), now(), reply.response(),
								reply.responseOptionName(), null)));
		deliver(callId, HUMAN_CONTACT_COMPLETED, answered, () -> this.humanContacts.revert(callId, answered, pending));
		return answered;
	}

	private void deliver(String callId, String type, Object answered, Runnable revert) {
		try {
			this.webhooks.deliver(type, answered);
			logger.debug("Inbox: delivered {} for {}.", type, callId);
		}
		catch (WebhookSender.DeliveryFailed ex) {
			revert.run();
			logger.warn("Inbox: could not deliver {} for {}: {}", type, callId, ex.getMessage());
			throw InboxProblem.undelivered(callId, ex.getMessage());
		}
	}

	private void checkLength(String field, String text) {
		if (text != null && text.length() > this.maxAnswerLength) {
			throw InboxProblem
				.invalid("\"" + field + "\" must be at most " + this.maxAnswerLength + " characters long.");
		}
	}

	private static String requireCallId(String callId) {
		if (!StringUtils.hasText(callId)) {
			throw InboxProblem.invalid("A call needs a call_id.");
		}
		return callId;
	}

	private static String now() {
		return Instant.now().toString();
	}

	/**
	 * HumanLayer's escalation request.
	 *
	 * @param escalationMsg why the call is escalated
	 */
	record Escalation(String escalationMsg) {
	}

	/**
	 * A pending call as the inbox lists it: HumanLayer's object, plus the escalation
	 * message once it was escalated.
	 *
	 * @param <T> function call or human contact
	 * @param call the call
	 * @param escalationMsg the escalation message, if any
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Pending<T>(@JsonUnwrapped T call, String escalationMsg) {
	}

}
