package dev.twelvefactor.agentservice.humanlayer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * How to reach HumanLayer: with an API key the cloud service, without one the local inbox
 * this service runs itself.
 *
 * @param apiBase the API's base URL including {@code /humanlayer/v1}; empty for the
 * default of the mode
 * @param apiKey the bearer token; empty to use the local inbox
 * @param runId the {@code run_id} every request carries
 * @param email the address HumanLayer contacts, required with an API key
 */
@ConfigurationProperties("agent.humanlayer")
public record HumanLayerProperties(String apiBase, String apiKey, @DefaultValue("12fa-agent") String runId,
		String email) {

	/** Where HumanLayer's cloud API lives. */
	public static final String CLOUD_API_BASE = "https://api.humanlayer.dev/humanlayer/v1";

	/** Where this service serves the local inbox, under its own address. */
	public static final String LOCAL_API_PATH = "/local/humanlayer/v1";

	public HumanLayerProperties {
		Assert.state(!StringUtils.hasText(apiKey) || StringUtils.hasText(email),
				"HUMANLAYER_EMAIL is required when HUMANLAYER_API_KEY is set: it is the address HumanLayer contacts");
		Assert.state(StringUtils.hasText(runId), "HUMANLAYER_RUN_ID must not be empty");
	}

	/**
	 * Whether the service talks to HumanLayer's cloud (or another server given by
	 * {@code HUMANLAYER_API_BASE}) rather than its own local inbox.
	 * @return true when an API key is set
	 */
	public boolean isCloud() {
		return StringUtils.hasText(this.apiKey);
	}

	@Override
	public String toString() {
		return "HumanLayerProperties[apiBase=" + this.apiBase + ", apiKey=" + (isCloud() ? "(set)" : "(unset)")
				+ ", runId=" + this.runId + ", email=" + this.email + "]";
	}

}
