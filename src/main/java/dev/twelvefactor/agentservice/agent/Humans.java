package dev.twelvefactor.agentservice.agent;

import java.util.UUID;

import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Channel;

/**
 * Reaches the people who answer the agent: the seam HumanLayer, or the local inbox that
 * stands in for it, fills. Each request goes on the channel it is given; {@code null}
 * stands for the service's default channel of its kind (approvals may have their own).
 */
public interface Humans {

	/**
	 * Asks a person to approve a function call; returns once the request is accepted, not
	 * when it is answered.
	 * @param threadId the thread to resume with the answer, sent along as state
	 * @param callId the id the answer will carry
	 * @param request the function, its arguments, the reject options and the channel: the
	 * approval rule's, else the thread's, else {@code null} for the default channel of
	 * approvals
	 */
	void requestApproval(UUID threadId, String callId, ApprovalRequest request);

	/**
	 * Sends a person a message or question; returns once the request is accepted.
	 * @param threadId the thread to resume with the reply, sent along as state
	 * @param callId the id the reply will carry
	 * @param message the text for the person
	 * @param channel where to send it, or {@code null} for the default channel
	 */
	void contact(UUID threadId, String callId, String message, Channel channel);

	/**
	 * Whether the humans already have a request, as after a send whose answer was lost or
	 * a crash before its sending was recorded: a request is sent again only when they do
	 * not, so it never reaches them twice.
	 * @param threadId the thread that made the request
	 * @param callId the request's id
	 * @param kind its kind
	 * @return true when they have this thread's request under this id
	 */
	boolean received(UUID threadId, String callId, CallKind kind);

	/**
	 * Escalates a request nobody answered in time, for instance by email to more people.
	 * @param callId the unanswered call
	 * @param kind its kind
	 * @param message why it is escalated
	 * @param channel where the call was sent, or {@code null} for the default channel of
	 * its kind
	 */
	void escalate(String callId, CallKind kind, String message, Channel channel);

}
