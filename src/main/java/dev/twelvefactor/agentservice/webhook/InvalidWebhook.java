package dev.twelvefactor.agentservice.webhook;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A webhook body that is not a completed HumanLayer call this service can match.
 */
class InvalidWebhook extends ErrorResponseException {

	InvalidWebhook(String detail) {
		super(HttpStatus.BAD_REQUEST);
		getBody().setType(URI.create("urn:problem-type:invalid-webhook"));
		getBody().setTitle("Invalid webhook");
		getBody().setDetail(detail);
	}

}
