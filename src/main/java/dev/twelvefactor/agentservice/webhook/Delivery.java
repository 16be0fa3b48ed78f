package dev.twelvefactor.agentservice.webhook;

import java.util.Map;
import java.util.UUID;

import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;

/**
 * A completed HumanLayer call read as the answer it carries and the thread it is for.
 *
 * @param threadId the thread named in the call's {@code spec.state}
 * @param answer the person's answer, with who gave it
 */
record Delivery(UUID threadId, HumanAnswer answer) {

	/**
	 * Reads an approved or rejected function call.
	 * @param call the completed call
	 * @param channel how it arrived, for the record of who answered
	 * @return the delivery
	 * @throws InvalidWebhook when the call has no id, no thread or no decision
	 */
	static Delivery of(FunctionCall call, String channel) {
		String callId = callId(call.callId());
		UUID threadId = threadId((call.spec() != null) ? call.spec().state() : null);
		if (call.status() == null || call.status().approved() == null) {
			throw new InvalidWebhook("Function call " + callId + " has no decision yet (status.approved is null).");
		}
		FunctionCall.Status status = call.status();
		String comment = (status.comment() != null) ? status.comment() : "";
		Respondent respondent = new Respondent(callId, channel, status.respondedAt(), status.userInfo(),
				status.approved(), status.comment());
		HumanAnswer answer = status.approved() ? new HumanAnswer.Approval(callId, respondent)
				: new HumanAnswer.Rejection(callId, comment, status.rejectOptionName(), respondent);
		return new Delivery(threadId, answer);
	}

	/**
	 * Reads a replied human contact.
	 * @param contact the completed contact
	 * @param channel how it arrived, for the record of who answered
	 * @return the delivery
	 * @throws InvalidWebhook when the contact has no id, no thread or no reply
	 */
	static Delivery of(HumanContact contact, String channel) {
		String callId = callId(contact.callId());
		UUID threadId = threadId((contact.spec() != null) ? contact.spec().state() : null);
		if (contact.status() == null || contact.status().response() == null) {
			throw new InvalidWebhook("Human contact " + callId + " has no response yet (status.response is null).");
		}
		HumanContact.Status status = contact.status();
		Respondent respondent = new Respondent(callId, channel, status.respondedAt(), status.userInfo(), null, null);
		return new Delivery(threadId, new HumanAnswer.Reply(callId, status.response(), respondent));
	}

	static String callId(String callId) {
		if (callId == null || callId.isBlank()) {
			throw new InvalidWebhook("The event has no call_id.");
		}
		return callId;
	}

	private static UUID threadId(Map<String, Object> state) {
		Object threadId = (state != null) ? state.get("thread_id") : null;
		if (!(threadId instanceof String id) || id.isBlank()) {
			throw new InvalidWebhook("The event has no spec.state.thread_id, so it cannot be matched to a thread.");
		}
		return ThreadNotFound.parseId(id);
	}

}
