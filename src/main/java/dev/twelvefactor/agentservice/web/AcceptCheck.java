package dev.twelvefactor.agentservice.web;

import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request that changes something when its client accepts none of what the API
 * answers (JSON, or a problem as JSON), before the handler runs, so the {@code 406} it
 * gets means that nothing happened.
 */
class AcceptCheck implements HandlerInterceptor {

	private static final List<MediaType> ANSWERS = List.of(MediaType.APPLICATION_JSON,
			MediaType.APPLICATION_PROBLEM_JSON);

	private static final String PACKAGE = "dev.twelvefactor.agentservice.";

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws HttpMediaTypeNotAcceptableException {
		if (!changes(request) || !(handler instanceof HandlerMethod method)
				|| !method.getBeanType().getName().startsWith(PACKAGE)) {
			return true;
		}
		List<MediaType> accepted = accepted(request);
		for (MediaType answer : ANSWERS) {
			if (accepted.stream().anyMatch((type) -> type.isCompatibleWith(answer))) {
				return true;
			}
		}
		throw new HttpMediaTypeNotAcceptableException(ANSWERS);
	}

	private static boolean changes(HttpServletRequest request) {
		return !HttpMethod.GET.matches(request.getMethod()) && !HttpMethod.HEAD.matches(request.getMethod())
				&& !HttpMethod.OPTIONS.matches(request.getMethod());
	}

	private static List<MediaType> accepted(HttpServletRequest request) throws HttpMediaTypeNotAcceptableException {
		List<String> headers = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		if (headers.isEmpty()) {
			return List.of(MediaType.ALL);
		}
		try {
			return MediaType.parseMediaTypes(headers);
		}
		catch (InvalidMediaTypeException ex) {
			throw new HttpMediaTypeNotAcceptableException("Could not parse Accept header: " + ex.getMessage());
		}
	}

}
