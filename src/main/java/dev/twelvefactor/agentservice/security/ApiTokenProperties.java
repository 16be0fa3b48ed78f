package dev.twelvefactor.agentservice.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The bearer token clients must present to the thread API and the local inbox, so an
 * exposed service is no open relay to a paid model.
 *
 * @param apiToken the token; empty to leave the API open
 */
@ConfigurationProperties("agent.security")
public record ApiTokenProperties(String apiToken) {

	/**
	 * Whether a token is required.
	 * @return true when a token is set
	 */
	public boolean isSet() {
		return StringUtils.hasText(this.apiToken);
	}

	/**
	 * Compares a presented token with the configured one in constant time.
	 * @param presented the token a request carries, possibly {@code null}
	 * @return true when it is the configured token
	 */
	boolean matches(String presented) {
		return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
				this.apiToken.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "ApiTokenProperties[apiToken=" + (isSet() ? "(set)" : "(unset)") + "]";
	}

}
