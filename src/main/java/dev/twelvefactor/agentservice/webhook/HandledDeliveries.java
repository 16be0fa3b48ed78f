package dev.twelvefactor.agentservice.webhook;

/**
 * The {@code webhook-id}s of deliveries handled lately, each with what was done with it,
 * so a sender's retry of one it already delivered is answered as a duplicate without
 * being handled again. Kept in memory by default; a durable store keeps them in its
 * database, so a restart or another replica knows them too.
 */
public interface HandledDeliveries {

	/**
	 * What was done with an earlier delivery with the same id.
	 * @param webhookId the delivery's id
	 * @return its receipt, or {@code null} when no delivery with this id was handled
	 * within the retention window
	 */
	Receipt find(String webhookId);

	/**
	 * Notes a handled delivery; a second note for the same id keeps the first.
	 * @param webhookId the delivery's id
	 * @param receipt what was done with it
	 */
	void remember(String webhookId, Receipt receipt);

}
