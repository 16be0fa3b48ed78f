package dev.twelvefactor.agentservice.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Sends a request for one of our API clients (HumanLayer, the models, the local inbox's
 * webhooks) and tells them, in one way, what came back: whether it succeeded, and an
 * error text short enough to show and with every credential struck out.
 */
public final class OutboundHttp {

	/**
	 * The type of a JSON request body written as UTF-8 bytes: what OkHttp sends for a
	 * body given as a {@code String}, which Jackson would have to write as characters
	 * first.
	 */
	public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

	private static final int MAX_ERROR_TEXT = 300;

	private static final String STRUCK = "(key)";

	/** {@code Bearer <token>} or {@code Basic <token>}, as a server may echo them. */
	private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[^\\s\"',;]+");

	/** The user and password of a URL such as {@code http://user:pw@host}. */
	private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

	private final Call.Factory http;

	private final List<String> secrets;

	/**
	 * Creates a sender.
	 * @param http the client, with its timeouts and retries
	 * @param secrets the keys and tokens this client sends, struck from any error text
	 * (empty or {@code null} ones are ignored)
	 */
	public OutboundHttp(Call.Factory http, String... secrets) {
		this.http = http;
		this.secrets = Arrays.stream(secrets).filter(StringUtils::hasText).toList();
	}

	/**
	 * Sends a request and reads the whole answer.
	 * @param request the request
	 * @return the status and the body
	 * @throws IOException when the server cannot be reached or the answer not read
	 */
	public Reply send(Request request) throws IOException {
		try (Response response = this.http.newCall(request).execute()) {
			return new Reply(response.code(), response.body().string(), response.request());
		}
	}

	/**
	 * A text to show or log, with every credential this sender knows, any
	 * {@code Authorization} value and any password in a URL struck out, shortened to one
	 * line.
	 * @param text an error text, possibly written by the server
	 * @return the text, safe to show
	 */
	public String redact(String text) {
		String redacted = String.valueOf(text);
		for (String secret : this.secrets) {
			redacted = redacted.replace(secret, STRUCK);
		}
		return abbreviate(withoutCredentials(AUTHORIZATION.matcher(redacted).replaceAll("$1 " + STRUCK)));
	}

	/**
	 * A URL fit for a log: without the user and password it may carry.
	 * @param url a URL or any text with URLs in it
	 * @return the text with {@code user:password@} struck out
	 */
	public static String withoutCredentials(String url) {
		return USER_INFO.matcher(String.valueOf(url)).replaceAll("$1" + STRUCK + "@");
	}

	/**
	 * A URL under a base, with each path segment encoded.
	 * @param base the base URL, with or without a trailing slash
	 * @param segments the segments to append
	 * @return the URL
	 */
	public static HttpUrl url(String base, String... segments) {
		HttpUrl.Builder url = HttpUrl.get(StringUtils.trimTrailingCharacter(base, '/')).newBuilder();
		for (String segment : segments) {
			url.addPathSegment(segment);
		}
		return url.build();
	}

	/**
	 * This service's own address, for the parts that call it over HTTP as an outsider
	 * would.
	 * @param environment the environment that knows the port the server listens on
	 * @param path the path on this service, starting with {@code /}
	 * @return {@code http://127.0.0.1:<port><path>}
	 */
	public static String loopback(Environment environment, String path) {
		return "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + path;
	}

	private static String abbreviate(String text) {
		String line = text.strip().replace('\n', ' ').replace('\r', ' ');
		return (line.length() <= MAX_ERROR_TEXT) ? line : line.substring(0, MAX_ERROR_TEXT) + "...";
	}

	/**
	 * What a server answered.
	 *
	 * @param code the HTTP status
	 * @param body the body, empty when there was none
	 * @param request the request that got this answer: the one sent, or its
	 * {@link ReadBack}
	 */
	public record Reply(int code, String body, Request request) {

		/**
		 * Whether the server did what was asked.
		 * @return true for a 2xx status
		 */
		public boolean isSuccessful() {
			return this.code >= 200 && this.code < 300;
		}

	}

}
