package dev.twelvefactor.agentservice.inbox;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Why the local inbox refused a request, as a problem response.
 */
class InboxProblem extends ErrorResponseException {

	private InboxProblem(HttpStatus status, String type, String title, String detail) {
		super(status);
		getBody().setType(URI.create("urn:problem-type:" + type));
		getBody().setTitle(title);
		getBody().setDetail(detail);
	}

	static InboxProblem unknownCall(String callId) {
		return new InboxProblem(HttpStatus.NOT_FOUND, "call-not-found", "Call not found",
				"The local inbox has no call " + callId + ".");
	}

	static InboxProblem alreadyExists(String callId) {
		return new InboxProblem(HttpStatus.CONFLICT, "call-exists", "Call exists",
				"The local inbox already has a call " + callId + ".");
	}

	static InboxProblem alreadyAnswered(String callId) {
		return new InboxProblem(HttpStatus.CONFLICT, "call-answered", "Call answered",
				"Call " + callId + " has an answer already.");
	}

	static InboxProblem answeredElsewhere(String callId) {
		return new InboxProblem(HttpStatus.CONFLICT, "call-answered", "Call answered",
				"Call " + callId + " was answered another way (a message on the thread, a webhook, or its deadline); "
						+ "that answer stands.");
	}

	static InboxProblem withdrawn(String callId, CallState state) {
		return new InboxProblem(HttpStatus.CONFLICT, "call-withdrawn", "Call withdrawn",
				"Call " + callId + " was withdrawn: " + state.withdrawal() + ", so nobody waits for an answer.");
	}

	static InboxProblem invalid(String detail) {
		return new InboxProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
	}

	static InboxProblem undelivered(String callId, String reason) {
		return new InboxProblem(HttpStatus.BAD_GATEWAY, "webhook-not-delivered", "Webhook not delivered",
				"The answer to " + callId + " could not be delivered, so the call stays pending: " + reason);
	}

}
