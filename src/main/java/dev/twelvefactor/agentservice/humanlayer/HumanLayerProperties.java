package dev.twelvefactor.agentservice.humanlayer;

import dev.twelvefactor.agentservice.thread.Channel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * How to reach HumanLayer: with an API key the cloud service, without one the local inbox
 * this service runs itself; and the default channels of the threads launched through the
 * API, which have none of their own.
 *
 * @param apiBase the API's base URL including {@code /humanlayer/v1}; empty for the
 * default of the mode
 * @param apiKey the bearer token; empty to use the local inbox
 * @param runId the {@code run_id} every request carries
 * @param email the address HumanLayer contacts by default
 * @param slackChannel the Slack channel or user ({@code C...} or {@code U...}) HumanLayer
 * contacts by default, instead of an email address
 * @param slackContext who is in that Slack channel, for the model
 * @param approvalEmail the address approvals go to by default, when not the default
 * channel's
 * @param approvalSlackChannel the Slack channel or user approvals go to by default, when
 * not the default channel's
 */
@ConfigurationProperties("agent.humanlayer")
public record HumanLayerProperties(String apiBase, String apiKey, @DefaultValue("12fa-agent") String runId,
		String email, String slackChannel, String slackContext, String approvalEmail, String approvalSlackChannel) {

	/** Where HumanLayer's cloud API lives. */
	public static final String CLOUD_API_BASE = "https://api.humanlayer.dev/humanlayer/v1";

	/** Where this service serves the local inbox, under its own address. */
	public static final String LOCAL_API_PATH = "/local/humanlayer/v1";

	public HumanLayerProperties {
		Assert.state(!StringUtils.hasText(apiKey) || StringUtils.hasText(email) || StringUtils.hasText(slackChannel),
				"HUMANLAYER_EMAIL or HUMANLAYER_SLACK_CHANNEL is required when HUMANLAYER_API_KEY is set: "
						+ "it is where HumanLayer contacts people");
		Assert.state(!StringUtils.hasText(email) || !StringUtils.hasText(slackChannel),
				"Set HUMANLAYER_EMAIL or HUMANLAYER_SLACK_CHANNEL, not both: each is the default channel");
		Assert.state(!StringUtils.hasText(approvalEmail) || !StringUtils.hasText(approvalSlackChannel),
				"Set HUMANLAYER_APPROVAL_EMAIL or HUMANLAYER_APPROVAL_SLACK_CHANNEL, not both");
		Assert.state(StringUtils.hasText(runId), "HUMANLAYER_RUN_ID must not be empty");
		check("HUMANLAYER_EMAIL", email(email, null));
		check("HUMANLAYER_SLACK_CHANNEL", slack(slackChannel, slackContext));
		check("HUMANLAYER_APPROVAL_EMAIL", email(approvalEmail, null));
		check("HUMANLAYER_APPROVAL_SLACK_CHANNEL", slack(approvalSlackChannel, null));
	}

	private static Channel email(String address, String context) {
		return StringUtils.hasText(address) ? Channel.of(new Channel.Email(address.strip(), context)) : null;
	}

	private static Channel slack(String id, String context) {
		return StringUtils.hasText(id)
				? Channel.of(new Channel.Slack(id.strip(), StringUtils.hasText(context) ? context : null, null)) : null;
	}

	private static void check(String variable, Channel channel) {
		if (channel == null) {
			return;
		}
		try {
			channel.check();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(variable + ": " + ex.getMessage());
		}
	}

	/**
	 * Whether the service talks to HumanLayer's cloud (or another server given by
	 * {@code HUMANLAYER_API_BASE}) rather than its own local inbox.
	 * @return true when an API key is set
	 */
	public boolean isCloud() {
		return StringUtils.hasText(this.apiKey);
	}

	/**
	 * Where the requests of a thread without a channel of its own go.
	 * @return {@code HUMANLAYER_EMAIL} or {@code HUMANLAYER_SLACK_CHANNEL}, or
	 * {@code null} for none (HumanLayer's project default, or the local inbox alone)
	 */
	public Channel defaultChannel() {
		Channel email = email(this.email, null);
		return (email != null) ? email : slack(this.slackChannel, this.slackContext);
	}

	/**
	 * Where the approvals of a thread without a channel of its own go.
	 * @return {@code HUMANLAYER_APPROVAL_EMAIL} or
	 * {@code HUMANLAYER_APPROVAL_SLACK_CHANNEL}, else the default channel
	 */
	public Channel approvalChannel() {
		Channel email = email(this.approvalEmail, null);
		Channel approvals = (email != null) ? email : slack(this.approvalSlackChannel, null);
		return (approvals != null) ? approvals : defaultChannel();
	}

	@Override
	public String toString() {
		return "HumanLayerProperties[apiBase=" + this.apiBase + ", apiKey=" + (isCloud() ? "(set)" : "(unset)")
				+ ", runId=" + this.runId + ", email=" + this.email + ", slackChannel=" + this.slackChannel
				+ ", slackContext=" + this.slackContext + ", approvalEmail=" + this.approvalEmail
				+ ", approvalSlackChannel=" + this.approvalSlackChannel + "]";
	}

}
