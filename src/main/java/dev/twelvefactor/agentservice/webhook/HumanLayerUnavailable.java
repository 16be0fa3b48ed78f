package dev.twelvefactor.agentservice.webhook;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A delivery could not be confirmed because HumanLayer could not be read back; the sender
 * may deliver it again later.
 */
class HumanLayerUnavailable extends ErrorResponseException {

	HumanLayerUnavailable(String detail) {
		super(HttpStatus.BAD_GATEWAY);
		getBody().setType(URI.create("urn:problem-type:humanlayer-unavailable"));
		getBody().setTitle("HumanLayer unavailable");
		getBody().setDetail(detail);
	}

}
