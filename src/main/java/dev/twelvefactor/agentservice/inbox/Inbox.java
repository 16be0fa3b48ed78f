package dev.twelvefactor.agentservice.inbox;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.ThreadChanged;
import dev.twelvefactor.agentservice.thread.ThreadLimits;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Conditional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The local inbox's calls and their lifecycle: taken as HumanLayer takes them, listed
 * while someone may answer them here, answered at most once, whichever way. An answer
 * given here is delivered as a webhook; one the thread took another way, or a thread that
 * is gone, withdraws the call.
 */
@Service
@Conditional(LocalInboxCondition.class)
class Inbox {

	private static final Logger logger = LoggerFactory.getLogger(Inbox.class);

	private static final String FUNCTION_CALL_COMPLETED = "function_call.completed";

	private static final String HUMAN_CONTACT_COMPLETED = "human_contact.completed";

	private final Calls<FunctionCall> functionCalls;

	private final Calls<HumanContact> humanContacts;

	private final WebhookSender webhooks;

	private final ThreadStore threads;

	/**
	 * Whether the webhooks go to this service, whose threads the calls are for; else only
	 * the webhook's answer tells what became of an answer.
	 */
	private final boolean deliversHere;

	Inbox(WebhookSender webhooks, ThreadStore threads, ThreadLimits limits, InboxProperties properties) {
		this.webhooks = webhooks;
		this.threads = threads;
		this.deliversHere = properties.deliversHere();
		this.functionCalls = new Calls<>(limits.maxThreads(), limits.idleExpiry());
		this.humanContacts = new Calls<>(limits.maxThreads(), limits.idleExpiry());
		logger.info("No HUMANLAYER_API_KEY: humans answer through the local inbox at {}.",
				HumanLayerProperties.LOCAL_API_PATH);
	}

	FunctionCall create(FunctionCall call) {
		Instant now = Instant.now();
		FunctionCall taken = new FunctionCall(call.runId(), call.callId(), call.spec(),
				new FunctionCall.Status(now.toString(), null, null, null, null, null));
		this.functionCalls.add(call.callId(), InboxCall.asked(taken, threadId(call.spec().state()), now));
		logger.debug("Inbox: function call {} ({}) awaits a decision.", call.callId(), call.spec().fn());
		settle(this.functionCalls, CallKind.FUNCTION_CALL, call.callId(), false);
		return taken;
	}

	HumanContact create(HumanContact contact) {
		Instant now = Instant.now();
		HumanContact taken = new HumanContact(contact.runId(), contact.callId(), contact.spec(),
				new HumanContact.Status(now.toString(), null, null, null, null));
		this.humanContacts.add(contact.callId(), InboxCall.asked(taken, threadId(contact.spec().state()), now));
		logger.debug("Inbox: human contact {} awaits a reply.", contact.callId());
		settle(this.humanContacts, CallKind.HUMAN_CONTACT, contact.callId(), false);
		return taken;
	}

	Calls<FunctionCall> functionCalls() {
		return this.functionCalls;
	}

	Calls<HumanContact> humanContacts() {
		return this.humanContacts;
	}

	/**
	 * Marks a call as escalated, which the inbox shows.
	 * @param <T> function call or human contact
	 * @param calls where the call is
	 * @param callId the call
	 * @param message why it was escalated
	 * @return the call
	 */
	<T> T escalate(Calls<T> calls, String callId, String message) {
		T call = calls.update(callId, (current) -> current.escalated(message)).call();
		logger.info("Inbox: call {} was escalated.", callId);
		return call;
	}

	/**
	 * Approves or rejects a function call and delivers {@code function_call.completed}.
	 * @param callId the call
	 * @param approved the decision
	 * @param comment the person's words, expected on a rejection
	 * @param rejectOptionName which canned rejection the person picked, if any
	 * @return the answered call
	 */
	FunctionCall decide(String callId, boolean approved, String comment, String rejectOptionName) {
		return respond(this.functionCalls, CallKind.FUNCTION_CALL, FUNCTION_CALL_COMPLETED, callId,
				(call, respondedAt) -> new FunctionCall(call.runId(), call.callId(), call.spec(),
						new FunctionCall.Status(call.status().requestedAt(), respondedAt, approved, comment,
								rejectOptionName, null)));
	}

	/**
	 * Replies to a human contact and delivers {@code human_contact.completed}.
	 * @param callId the contact
	 * @param response the reply
	 * @param responseOptionName which canned reply the person picked, if any
	 * @return the answered contact
	 */
	HumanContact reply(String callId, String response, String responseOptionName) {
		return respond(this.humanContacts, CallKind.HUMAN_CONTACT, HUMAN_CONTACT_COMPLETED, callId,
				(contact, respondedAt) -> new HumanContact(contact.runId(), contact.callId(), contact.spec(),
						new HumanContact.Status(contact.status().requestedAt(), respondedAt, response,
								responseOptionName, null)));
	}

	/**
	 * Takes an answer given here, unless the call was answered or withdrawn before, and
	 * delivers it. It stands only when the thread took it: when the thread took another
	 * answer meanwhile, this one is refused as a second answer.
	 */
	private <T> T respond(Calls<T> calls, CallKind kind, String type, String callId, BiFunction<T, String, T> answer) {
		String respondedAt = Instant.now().toString();
		InboxCall<T> answering = calls.update(callId,
				(call) -> call.answer(callId, answer.apply(call.asked(), respondedAt), respondedAt));
		requireAnswerable(callId, settle(calls, kind, callId, false));
		try {
			this.webhooks.deliver(type, answering.answer());
		}
		catch (WebhookSender.DeliveryFailed ex) {
			requireAnswerable(callId, settle(calls, kind, callId, false));
			requireAnswerable(callId, calls.update(callId, InboxCall::undelivered));
			logger.warn("Inbox: could not deliver {} for {}: {}", type, callId, ex.getMessage());
			throw InboxProblem.undelivered(callId, ex.getMessage());
		}
		settle(calls, kind, callId, true);
		InboxCall<T> answered = requireAnswerable(callId, calls.update(callId, InboxCall::delivered));
		logger.debug("Inbox: delivered {} for {}.", type, callId);
		return answered.call();
	}

	private static <T> InboxCall<T> requireAnswerable(String callId, InboxCall<T> call) {
		if (call == null) {
			throw InboxProblem.unknownCall(callId);
		}
		return switch (call.state()) {
			case PENDING, DELIVERING, ANSWERED -> call;
			case ANSWERED_ELSEWHERE -> throw InboxProblem.answeredElsewhere(callId);
			case THREAD_GONE, THREAD_CANCELLED -> throw InboxProblem.withdrawn(callId, call.state());
		};
	}

	/**
	 * Closes the open calls of a thread that no longer waits for them, so they leave the
	 * list whichever way the thread was answered.
	 * @param changed the thread as it was stored
	 */
	@EventListener
	void onThreadChanged(ThreadChanged changed) {
		settleOpenCalls(this.functionCalls, CallKind.FUNCTION_CALL, changed.thread());
		settleOpenCalls(this.humanContacts, CallKind.HUMAN_CONTACT, changed.thread());
	}

	private <T> void settleOpenCalls(Calls<T> calls, CallKind kind, AgentThread thread) {
		if (!this.deliversHere) {
			return;
		}
		for (String callId : calls.openCallsOf(thread.id())) {
			if (thread.match(callId, kind) != AgentThread.Match.PENDING) {
				settle(calls, kind, callId, false);
			}
		}
	}

	/**
	 * Brings an open call in line with its thread as stored now (changes of one thread
	 * may be announced out of order, so the announced one is not enough).
	 * @param delivered whether this inbox's answer was just taken by the webhook, in
	 * which case a thread gone meanwhile does not withdraw the call
	 * @return the call as it stands, or {@code null} when the inbox no longer holds it
	 */
	private <T> InboxCall<T> settle(Calls<T> calls, CallKind kind, String callId, boolean delivered) {
		InboxCall<T> call = calls.find(callId);
		if (call == null || !this.deliversHere || call.threadId() == null || !call.state().isOpen()) {
			return call;
		}
		AgentThread thread = this.threads.find(call.threadId()).orElse(null);
		if (thread == null && delivered) {
			return call;
		}
		AgentThread.Match match = (thread != null) ? thread.match(callId, kind) : null;
		InboxCall<T> settled = calls.updateIfPresent(callId, (current) -> current.settle(callId, thread, match));
		if (settled != null && !settled.state().isOpen() && settled.state() != CallState.ANSWERED) {
			logger.info("Inbox: call {} left the list: {}.", callId, settled.state().name().toLowerCase(Locale.ROOT));
		}
		return (settled != null) ? settled : call;
	}

	private static UUID threadId(Map<String, Object> state) {
		Object threadId = (state != null) ? state.get("thread_id") : null;
		if (!(threadId instanceof String id)) {
			return null;
		}
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
