package dev.twelvefactor.agentservice.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request through only when it carries the configured bearer token.
 */
class ApiTokenInterceptor implements HandlerInterceptor {

	private static final String BEARER = "Bearer ";

	private final ApiTokenProperties properties;

	ApiTokenInterceptor(ApiTokenProperties properties) {
		this.properties = properties;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw Unauthorized.missingToken();
		}
		if (!this.properties.matches(authorization.substring(BEARER.length()).trim())) {
			throw Unauthorized.wrongToken();
		}
		return true;
	}

}
