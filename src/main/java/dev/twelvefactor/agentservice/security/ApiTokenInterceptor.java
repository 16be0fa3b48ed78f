package dev.twelvefactor.agentservice.security;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request through only when it carries the configured bearer token.
 */
class ApiTokenInterceptor implements HandlerInterceptor {

	private static final String BEARER = "Bearer ";

	/**
	 * A browser's EventSource cannot send headers, so the event stream alone also takes
	 * the token as {@code ?access_token=}.
	 */
	private static final Pattern EVENT_STREAM = Pattern.compile("/thread/[^/]+/events");

	private static final String ACCESS_TOKEN = "access_token";

	private final ApiTokenProperties properties;

	ApiTokenInterceptor(ApiTokenProperties properties) {
		this.properties = properties;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String presented = presentedToken(request);
		if (presented == null) {
			throw Unauthorized.missingToken();
		}
		if (!this.properties.matches(presented)) {
			throw Unauthorized.wrongToken();
		}
		return true;
	}

	private static String presentedToken(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).trim();
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if ("GET".equals(request.getMethod()) && EVENT_STREAM.matcher(path).matches()) {
			return request.getParameter(ACCESS_TOKEN);
		}
		return null;
	}

}
