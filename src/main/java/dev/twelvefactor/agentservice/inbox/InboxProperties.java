package dev.twelvefactor.agentservice.inbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Where the local inbox delivers its webhooks.
 *
 * @param webhookUrl the URL answers are posted to; empty for this service's own
 * {@code /webhook}
 */
@ConfigurationProperties("agent.inbox")
record InboxProperties(String webhookUrl) {

	/**
	 * Whether answers go to this service's own {@code /webhook}, so the calls are for its
	 * threads.
	 * @return true without a webhook URL
	 */
	boolean deliversHere() {
		return !StringUtils.hasText(this.webhookUrl);
	}

}
