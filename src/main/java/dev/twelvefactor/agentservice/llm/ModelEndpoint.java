package dev.twelvefactor.agentservice.llm;

import java.io.IOException;

import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.StringUtils;

/**
 * Posts a JSON request to a model's HTTP API and turns what can go wrong into a
 * {@link ModelUnavailable} that names the model and the reason but never the key.
 */
final class ModelEndpoint {

	private static final MediaType JSON = MediaType.get("application/json");

	private static final int MAX_ERROR_TEXT = 300;

	private final Call.Factory http;

	private final JsonMapper json;

	private final String name;

	private final String secret;

	/**
	 * Creates an endpoint.
	 * @param http the client, with the model's timeouts and retries
	 * @param json the mapper for requests and replies
	 * @param name how errors name the model, such as
	 * {@code OpenAI-compatible model gpt-4o}
	 * @param secret the key, struck from any error text
	 */
	ModelEndpoint(Call.Factory http, JsonMapper json, String name, String secret) {
		this.http = http;
		this.json = json;
		this.name = name;
		this.secret = secret;
	}

	<T> T post(Request.Builder request, Object payload, Class<T> replyType) {
		request.post(RequestBody.create(this.json.writeValueAsString(payload), JSON));
		try (Response response = this.http.newCall(request.build()).execute()) {
			String body = response.body().string();
			if (!response.isSuccessful()) {
				throw new ModelUnavailable(
						redact(this.name + " answered " + response.code() + ": " + errorMessage(body)));
			}
			return this.json.readValue(body, replyType);
		}
		catch (IOException ex) {
			throw new ModelUnavailable(redact(this.name + " could not be reached: " + ex), ex);
		}
		catch (JacksonException ex) {
			throw new ModelUnavailable(redact(
					this.name + " sent a reply that is not its API's JSON: " + abbreviate(ex.getOriginalMessage())),
					ex);
		}
	}

	/**
	 * The error's own message when the body has the shape both OpenAI and Anthropic use
	 * ({@code {"error": {"message": ...}}}), else the body itself, shortened.
	 */
	private String errorMessage(String body) {
		try {
			JsonNode message = this.json.readTree(body).path("error").path("message");
			if (message.isString() && !message.asString().isBlank()) {
				return abbreviate(message.asString());
			}
		}
		catch (JacksonException ex) {
			// not JSON: the text itself is the best explanation
		}
		return abbreviate(body);
	}

	private String redact(String text) {
		return StringUtils.hasText(this.secret) ? text.replace(this.secret, "(key)") : text;
	}

	private static String abbreviate(String text) {
		String line = String.valueOf(text).strip().replace('\n', ' ');
		return (line.length() <= MAX_ERROR_TEXT) ? line : line.substring(0, MAX_ERROR_TEXT) + "...";
	}

}
