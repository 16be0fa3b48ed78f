package dev.twelvefactor.agentservice.webhook;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the service did with a delivery.
 *
 * @param status {@code applied} (an answer resumed its thread), {@code started} (a
 * message began a thread), {@code duplicate} (a copy of either) or {@code ignored} (a
 * test delivery)
 * @param threadId the matched or started thread
 * @param callId the answered call
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(@Schema(allowableValues = {
		Receipt.APPLIED, Receipt.STARTED, Receipt.DUPLICATE, Receipt.IGNORED }) String status, UUID threadId,
		String callId){

	static final String APPLIED = "applied";

	static final String STARTED = "started";

	static final String DUPLICATE = "duplicate";

	static final String IGNORED = "ignored";

	/**
	 * The receipt a later copy of the same delivery gets.
	 * @return this receipt, as a duplicate
	 */
	public Receipt asDuplicate() {
		return new Receipt(DUPLICATE, this.threadId, this.callId);
	}

}
