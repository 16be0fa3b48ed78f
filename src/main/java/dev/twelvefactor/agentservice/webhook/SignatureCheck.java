package dev.twelvefactor.agentservice.webhook;

/**
 * Decides whether a delivery's raw body comes from a holder of the webhook secret, before
 * anything reads it.
 */
interface SignatureCheck {

	/** Takes every delivery as it comes: no secret is set. */
	SignatureCheck UNSIGNED = new SignatureCheck() {

		@Override
		public void verify(String id, String timestamp, String signatures, byte[] body) {
		}

		@Override
		public boolean isSigned() {
			return false;
		}

	};

	/**
	 * Checks one delivery.
	 * @param id the {@code webhook-id} header
	 * @param timestamp the {@code webhook-timestamp} header
	 * @param signatures the {@code webhook-signature} header
	 * @param body the raw body as received
	 * @throws InvalidSignature when the delivery is not signed with the secret
	 */
	void verify(String id, String timestamp, String signatures, byte[] body);

	/**
	 * Whether deliveries are checked at all.
	 * @return {@code false} for {@link #UNSIGNED}
	 */
	boolean isSigned();

}
