package dev.twelvefactor.agentservice.inbox;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import dev.twelvefactor.agentservice.humanlayer.HumanLayerProperties;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.ThreadChanged;
import dev.twelvefactor.agentservice.thread.ThreadLimits;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * The local inbox's calls and their lifecycle: taken as HumanLayer takes them, every
 * field kept as the client sent it, listed while someone may answer them here, answered
 * at most once, whichever way. An answer given here is delivered as a webhook; one the
 * thread took another way, or a thread that is gone or cancelled, withdraws the call. A
 * call of no thread of this service's (one an SDK made) is answered for good here, and
 * what the webhook made of it is noted on it. With a durable store the calls live in its
 * database, and an answer whose webhook failed for now is delivered again (an outbox).
 */
@Service
@Conditional(LocalInboxCondition.class)
class Inbox {

	private static final Logger logger = LoggerFactory.getLogger(Inbox.class);

	private static final String FUNCTION_CALL_COMPLETED = "function_call.completed";

	private static final String HUMAN_CONTACT_COMPLETED = "human_contact.completed";

	/** The most answers one round of {@link #deliverDue} delivers again, of each kind. */
	private static final int OUTBOX_BATCH = 50;

	private final Calls<ObjectNode> functionCalls;

	private final Calls<ObjectNode> humanContacts;

	private final WebhookSender webhooks;

	private final ThreadStore threads;

	/**
	 * Whether the webhooks go to this service, whose threads the calls are for; else only
	 * the webhook's answer tells what became of an answer.
	 */
	private final boolean deliversHere;

	Inbox(WebhookSender webhooks, ThreadStore threads, ThreadLimits limits, InboxProperties properties,
			ObjectProvider<JdbcClient> database, JsonMapper json) {
		this.webhooks = webhooks;
		this.threads = threads;
		this.deliversHere = properties.deliversHere();
		JdbcClient jdbc = database.getIfAvailable();
		if (jdbc != null) {
			this.functionCalls = new JdbcCalls(jdbc, json, CallKind.FUNCTION_CALL, limits.maxThreads(),
					limits.idleExpiry());
			this.humanContacts = new JdbcCalls(jdbc, json, CallKind.HUMAN_CONTACT, limits.maxThreads(),
					limits.idleExpiry());
		}
		else {
			this.functionCalls = new CachedCalls<>(limits.maxThreads(), limits.idleExpiry());
			this.humanContacts = new CachedCalls<>(limits.maxThreads(), limits.idleExpiry());
		}
		logger.info("No HUMANLAYER_API_KEY: humans answer through the local inbox at {}{}.",
				HumanLayerProperties.LOCAL_API_PATH, (jdbc != null) ? ", which keeps its calls in the store" : "");
	}

	/**
	 * Takes a call as HumanLayer does: keeps every field the client sent as it was sent,
	 * and adds the {@code status} with {@code requested_at}. A call names one of this
	 * service's threads when its {@code spec.state.thread_id} is a thread of this store
	 * and the answers go to this service; any other call (one made through an SDK, say)
	 * is answered for good and only delivered.
	 * @param kind function call or human contact
	 * @param call the call as the client sent it, checked by {@link CallBodies}
	 * @return the call as the inbox holds it
	 */
	ObjectNode create(CallKind kind, ObjectNode call) {
		Instant now = Instant.now();
		String callId = call.get("call_id").asString();
		ObjectNode taken = call.deepCopy();
		taken.putObject("status").put("requested_at", now.toString());
		UUID threadId = ownThread(taken);
		calls(kind).add(callId, InboxCall.asked(taken, threadId, now));
		logger.debug("Inbox: {} {} awaits an answer{}.", kind.jsonName(), callId,
				(threadId != null) ? "" : " (no thread of this service's)");
		settle(calls(kind), kind, callId, false);
		return taken;
	}

	Calls<ObjectNode> calls(CallKind kind) {
		return (kind == CallKind.FUNCTION_CALL) ? this.functionCalls : this.humanContacts;
	}

	/**
	 * Marks a call as escalated, which the inbox shows.
	 * @param kind function call or human contact
	 * @param callId the call
	 * @param message why it was escalated
	 * @return the call
	 */
	InboxCall<ObjectNode> escalate(CallKind kind, String callId, String message) {
		InboxCall<ObjectNode> call = calls(kind).update(callId, (current) -> current.escalated(message));
		logger.info("Inbox: call {} was escalated.", callId);
		return call;
	}

	/**
	 * Answers a call and delivers {@code function_call.completed} or
	 * {@code human_contact.completed}: the call's {@code status} takes every field of the
	 * answer as given, and {@code responded_at}. The answer and the webhook that carries
	 * it are recorded in one write before the webhook is sent.
	 * @param kind function call or human contact
	 * @param callId the call
	 * @param answer the answer's status fields, checked by {@link CallBodies}
	 * @return the answered call
	 */
	InboxCall<ObjectNode> respond(CallKind kind, String callId, ObjectNode answer) {
		Calls<ObjectNode> calls = calls(kind);
		String respondedAt = Instant.now().toString();
		InboxCall<ObjectNode> current = calls.get(callId);
		ObjectNode answered = answered(current.asked(), answer, respondedAt);
		if (current.threadId() == null) {
			calls.update(callId, (call) -> call.answer(callId, answered, respondedAt).forGood());
		}
		else {
			calls.update(callId, (call) -> call.answer(callId, answered, respondedAt));
			requireAnswerable(callId, settle(calls, kind, callId, false));
		}
		return deliver(kind, callId);
	}

	private static ObjectNode answered(ObjectNode asked, ObjectNode answer, String respondedAt) {
		ObjectNode answered = asked.deepCopy();
		ObjectNode status = (ObjectNode) answered.get("status");
		answer.properties().forEach((field) -> {
			if (!field.getKey().equals("requested_at")) {
				status.set(field.getKey(), field.getValue().deepCopy());
			}
		});
		status.put("responded_at", respondedAt);
		return answered;
	}

	/**
	 * Sends the webhook of an answer given here. An answer to a call of no thread of this
	 * service's stands whatever the webhook says, and what it said stays on the call. One
	 * for a thread of this service's stands only when the thread took it: when the thread
	 * took another answer meanwhile, this one is refused as a second answer. When the
	 * webhook cannot be reached or fails for now, a durable inbox keeps the answer and
	 * delivers it again later; else the call is pending again.
	 */
	private InboxCall<ObjectNode> deliver(CallKind kind, String callId) {
		Calls<ObjectNode> calls = calls(kind);
		InboxCall<ObjectNode> call = calls.get(callId);
		if (call.outbox() == null) {
			return requireAnswerable(callId, call);
		}
		String type = (kind == CallKind.FUNCTION_CALL) ? FUNCTION_CALL_COMPLETED : HUMAN_CONTACT_COMPLETED;
		try {
			this.webhooks.deliver(type, call.answer(), call.outbox().webhookId());
		}
		catch (WebhookSender.DeliveryFailed ex) {
			return undelivered(calls, kind, call, type, ex);
		}
		logger.debug("Inbox: delivered {} for {}.", type, callId);
		if (call.threadId() == null) {
			return calls.update(callId, InboxCall::sent);
		}
		settle(calls, kind, callId, true);
		return requireAnswerable(callId, calls.update(callId, InboxCall::delivered));
	}

	private InboxCall<ObjectNode> undelivered(Calls<ObjectNode> calls, CallKind kind, InboxCall<ObjectNode> call,
			String type, WebhookSender.DeliveryFailed ex) {
		String callId = call.call().get("call_id").asString();
		boolean again = calls.keepsAnswers() && ex.isTemporary() && call.outbox().mayRetry();
		if (call.threadId() == null) {
			logger.warn("Inbox: the answer to {} stands, but the webhook did not take it{}: {}", callId,
					again ? " yet (it is delivered again)" : "", ex.getMessage());
			return calls.update(callId, (current) -> current.undeliverable(ex.getMessage(), again));
		}
		requireAnswerable(callId, settle(calls, kind, callId, false));
		if (again) {
			logger.warn("Inbox: could not deliver {} for {} yet; the answer is kept and delivered again: {}", type,
					callId, ex.getMessage());
			return requireAnswerable(callId,
					calls.update(callId, (current) -> current.undeliverable(ex.getMessage(), true)));
		}
		requireAnswerable(callId, calls.update(callId, InboxCall::undelivered));
		logger.warn("Inbox: could not deliver {} for {}, so the call is pending again: {}", type, callId,
				ex.getMessage());
		throw InboxProblem.undelivered(callId, ex.getMessage());
	}

	/**
	 * Delivers the answers a durable inbox kept because their webhook failed, and those a
	 * stopped process left undelivered, each when its backoff has passed. The write that
	 * takes an attempt is atomic, so one replica makes it.
	 */
	@Scheduled(initialDelayString = "PT1S", fixedDelayString = "PT1S")
	void deliverDue() {
		Instant now = Instant.now();
		for (CallKind kind : CallKind.values()) {
			Calls<ObjectNode> calls = calls(kind);
			for (String callId : calls.due(now, OUTBOX_BATCH)) {
				InboxCall<ObjectNode> due = calls.find(callId);
				if (due != null && due.outbox() != null && !due.outbox().nextAttemptAt().isAfter(now)) {
					InboxCall.Outbox mine = due.outbox().attempting(now);
					InboxCall<ObjectNode> taken = calls.updateIfPresent(callId,
							(call) -> due.outbox().equals(call.outbox()) ? call.attempting(now) : call);
					if (taken != null && mine.equals(taken.outbox())) {
						deliverAgain(kind, callId, mine.attempts());
					}
				}
			}
		}
	}

	private void deliverAgain(CallKind kind, String callId, int attempt) {
		try {
			InboxCall<ObjectNode> call = deliver(kind, callId);
			if (call.outbox() == null && call.webhookError() == null) {
				logger.info("Inbox: delivered the answer to {} on attempt {}.", callId, attempt + 1);
			}
		}
		catch (ErrorResponseException ex) {
			logger.warn("Inbox: the answer to {} is not delivered: {}", callId, ex.getBody().getDetail());
		}
	}

	/**
	 * Lets a durable inbox forget what it keeps no longer, as the thread store does.
	 */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
	void sweep() {
		this.functionCalls.sweep();
		this.humanContacts.sweep();
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

	/**
	 * The thread of this service's a call names, if it names one and the answers go to
	 * this service.
	 */
	private UUID ownThread(ObjectNode call) {
		JsonNode threadId = call.path("spec").path("state").path("thread_id");
		if (!this.deliversHere || !threadId.isString()) {
			return null;
		}
		try {
			UUID id = UUID.fromString(threadId.asString());
			return this.threads.find(id).isPresent() ? id : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
