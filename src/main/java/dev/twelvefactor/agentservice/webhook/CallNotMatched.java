package dev.twelvefactor.agentservice.webhook;

import java.net.URI;

import dev.twelvefactor.agentservice.thread.HumanAnswer;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An unsigned delivery names a call its thread does not wait for: the same
 * {@code call-not-pending} as a signed one gets, without the thread's status or the call
 * it waits for, which anyone holding a thread id could otherwise read.
 */
class CallNotMatched extends ErrorResponseException {

	CallNotMatched(HumanAnswer answer) {
		super(HttpStatus.CONFLICT);
		getBody().setType(URI.create("urn:problem-type:call-not-pending"));
		getBody().setTitle("Call not pending");
		getBody().setDetail("The thread does not wait for " + answer.kind().jsonName() + " " + answer.callId() + ".");
	}

}
