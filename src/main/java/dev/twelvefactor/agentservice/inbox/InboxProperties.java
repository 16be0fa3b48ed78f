package dev.twelvefactor.agentservice.inbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the local inbox delivers its webhooks.
 *
 * @param webhookUrl the URL answers are posted to; empty for this service's own
 * {@code /webhook}
 */
@ConfigurationProperties("agent.inbox")
record InboxProperties(String webhookUrl) {

}
