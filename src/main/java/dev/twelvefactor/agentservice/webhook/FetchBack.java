package dev.twelvefactor.agentservice.webhook;

import java.util.Objects;
import java.util.function.Supplier;

import dev.twelvefactor.agentservice.humanlayer.FunctionCall;
import dev.twelvefactor.agentservice.humanlayer.HumanContact;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerClient;
import dev.twelvefactor.agentservice.humanlayer.HumanLayerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With HumanLayer cloud, which signs nothing, reads each delivered call back with the
 * service's own key and hands on HumanLayer's record instead of the delivered one, so a
 * forged delivery decides nothing.
 */
class FetchBack implements Confirmation {

	private static final Logger logger = LoggerFactory.getLogger(FetchBack.class);

	private final HumanLayerClient humanLayer;

	FetchBack(HumanLayerClient humanLayer) {
		this.humanLayer = humanLayer;
	}

	/**
	 * HumanLayer's record of a delivered function call.
	 * @param delivered the call as delivered
	 * @return the call as HumanLayer has it
	 * @throws CallNotCompleted when HumanLayer has no decision on it, or no such call
	 * @throws HumanLayerUnavailable when HumanLayer cannot confirm it now
	 */
	@Override
	public FunctionCall confirm(FunctionCall delivered) {
		String callId = Delivery.callId(delivered.callId());
		FunctionCall fetched = fetch(callId, () -> this.humanLayer.fetchFunctionCall(callId));
		checkSameCall(callId, fetched.callId());
		Boolean approved = (fetched.status() != null) ? fetched.status().approved() : null;
		if (approved == null) {
			throw new CallNotCompleted("HumanLayer has no decision on function call " + callId + " yet.");
		}
		Boolean claimed = (delivered.status() != null) ? delivered.status().approved() : null;
		if (!approved.equals(claimed)) {
			logger.warn("A delivery said function call {} was approved={}; HumanLayer says {}, which is acted on.",
					callId, claimed, approved);
		}
		return fetched;
	}

	/**
	 * HumanLayer's record of a delivered human contact.
	 * @param delivered the contact as delivered
	 * @return the contact as HumanLayer has it
	 * @throws CallNotCompleted when HumanLayer has no reply to it, or no such contact
	 * @throws HumanLayerUnavailable when HumanLayer cannot confirm it now
	 */
	@Override
	public HumanContact confirm(HumanContact delivered) {
		String callId = Delivery.callId(delivered.callId());
		HumanContact fetched = fetch(callId, () -> this.humanLayer.fetchHumanContact(callId));
		checkSameCall(callId, fetched.callId());
		String response = (fetched.status() != null) ? fetched.status().response() : null;
		if (response == null) {
			throw new CallNotCompleted("HumanLayer has no reply to human contact " + callId + " yet.");
		}
		String claimed = (delivered.status() != null) ? delivered.status().response() : null;
		if (!response.equals(claimed)) {
			logger.warn("A delivery's reply to human contact {} differs from HumanLayer's, which is acted on.", callId);
		}
		return fetched;
	}

	private static <T> T fetch(String callId, Supplier<T> fetch) {
		try {
			return fetch.get();
		}
		catch (HumanLayerException ex) {
			if (ex.isNotFound()) {
				throw new CallNotCompleted("HumanLayer has no call " + callId + ".");
			}
			logger.warn("Could not confirm call {} with HumanLayer: {}", callId, ex.getMessage());
			throw new HumanLayerUnavailable("Call " + callId
					+ " could not be confirmed with HumanLayer, so the delivery is not acted on; deliver it again later.");
		}
	}

	private static void checkSameCall(String asked, String fetched) {
		if (!Objects.equals(asked, fetched)) {
			logger.warn("HumanLayer answered call {} when asked for {}.", fetched, asked);
			throw new HumanLayerUnavailable(
					"HumanLayer answered another call when asked for " + asked + ", so the delivery is not acted on.");
		}
	}

}
