package dev.twelvefactor.agentservice.webhook;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the service did with a delivery.
 *
 * @param status {@code applied}, {@code duplicate} or {@code ignored} (a test delivery)
 * @param threadId the matched thread
 * @param callId the answered call
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(@Schema(allowableValues = {
		"applied", "duplicate", "ignored" }) String status, UUID threadId, String callId){

	/**
	 * The receipt a later copy of the same delivery gets.
	 * @return this receipt, as a duplicate
	 */
	public Receipt asDuplicate() {
		return new Receipt("duplicate", this.threadId, this.callId);
	}

}
