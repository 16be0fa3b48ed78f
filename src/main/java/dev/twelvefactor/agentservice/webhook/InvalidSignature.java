package dev.twelvefactor.agentservice.webhook;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A delivery to {@code /webhook} whose Standard Webhooks signature is missing, stale or
 * wrong while a secret is configured: nothing it says is acted on.
 */
class InvalidSignature extends ErrorResponseException {

	InvalidSignature(String detail) {
		super(HttpStatus.UNAUTHORIZED);
		getBody().setType(URI.create("urn:problem-type:invalid-signature"));
		getBody().setTitle("Invalid signature");
		getBody().setDetail(detail);
	}

}
