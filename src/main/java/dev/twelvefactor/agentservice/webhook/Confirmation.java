package dev.twelvefactor.agentservice.webhook;

import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;

/**
 * What a delivered call is taken to say: what it says, or, with HumanLayer cloud, what
 * HumanLayer's own record of it says ({@link FetchBack}).
 */
interface Confirmation {

	/** Takes each delivery as delivered. */
	Confirmation AS_DELIVERED = new Confirmation() {

		@Override
		public FunctionCall confirm(FunctionCall delivered) {
			return delivered;
		}

		@Override
		public HumanContact confirm(HumanContact delivered) {
			return delivered;
		}

	};

	/**
	 * The function call to act on.
	 * @param delivered the call as delivered
	 * @return the call to act on
	 */
	FunctionCall confirm(FunctionCall delivered);

	/**
	 * The human contact to act on.
	 * @param delivered the contact as delivered
	 * @return the contact to act on
	 */
	HumanContact confirm(HumanContact delivered);

}
