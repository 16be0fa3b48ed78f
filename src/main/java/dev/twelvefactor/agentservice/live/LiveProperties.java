package dev.twelvefactor.agentservice.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * How long one event stream stays open before the server ends it and the client
 * reconnects with {@code Last-Event-ID}, so idle or vanished clients never hold a
 * connection for good.
 *
 * @param streamTimeout how long a stream stays open
 */
@ConfigurationProperties("agent.live")
record LiveProperties(@DefaultValue("5m") Duration streamTimeout) {

	LiveProperties {
		Assert.isTrue(streamTimeout != null && !streamTimeout.isNegative() && !streamTimeout.isZero(),
				"AGENT_STREAM_TIMEOUT must be a positive duration");
	}

}
