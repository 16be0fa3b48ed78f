package dev.twelvefactor.agentservice.webhook;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * HumanLayer, asked about a delivered call, has no answer to it (yet): the delivery is
 * not acted on, and a real one will follow once the person answers.
 */
class CallNotCompleted extends ErrorResponseException {

	CallNotCompleted(String detail) {
		super(HttpStatus.CONFLICT);
		getBody().setType(URI.create("urn:problem-type:call-not-completed"));
		getBody().setTitle("Call not completed at HumanLayer");
		getBody().setDetail(detail);
	}

}
