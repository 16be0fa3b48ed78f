package dev.twelvefactor.agentservice.security;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request to the protected API without the configured bearer token, or with another.
 */
class Unauthorized extends ErrorResponseException {

	private Unauthorized(String detail, String challenge) {
		super(HttpStatus.UNAUTHORIZED);
		getBody().setType(URI.create("urn:problem-type:unauthorized"));
		getBody().setTitle("Unauthorized");
		getBody().setDetail(detail);
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
	}

	static Unauthorized missingToken() {
		return new Unauthorized("This API needs an Authorization: Bearer <AGENT_API_TOKEN> header.", "Bearer");
	}

	static Unauthorized wrongToken() {
		return new Unauthorized("The bearer token is not the one this service was given.",
				"Bearer error=\"invalid_token\"");
	}

}
