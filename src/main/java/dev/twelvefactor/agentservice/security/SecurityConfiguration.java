package dev.twelvefactor.agentservice.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Requires {@code AGENT_API_TOKEN}, when set, on the client-facing thread API and on the
 * local inbox; {@code /webhook} has its own signature and stays outside.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(SecurityConfiguration.class);

	private final ApiTokenProperties properties;

	private final GuardedPaths guarded;

	SecurityConfiguration(ApiTokenProperties properties, GuardedPaths guarded) {
		this.properties = properties;
		this.guarded = guarded;
		if (!properties.isSet()) {
			logger.info("No AGENT_API_TOKEN: /thread and the local inbox answer anyone who can reach them.");
		}
	}

	/**
	 * The thread API, the one clients launch and follow threads with, is what the token
	 * is for; other modules add theirs.
	 * @return the thread API's paths
	 */
	@Bean
	static GuardedApi threadApi() {
		return () -> List.of("/thread", "/thread/**");
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		if (this.properties.isSet()) {
			registry.addInterceptor(new ApiTokenInterceptor(this.properties)).addPathPatterns(this.guarded.patterns());
		}
	}

}
