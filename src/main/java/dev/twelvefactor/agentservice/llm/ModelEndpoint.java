package dev.twelvefactor.agentservice.llm;

import java.io.IOException;

import dev.twelvefactor.agentservice.http.OutboundHttp;
import dev.twelvefactor.agentservice.http.OutboundHttp.Reply;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts a JSON request to a model's HTTP API and turns what can go wrong into a
 * {@link ModelUnavailable} that names the model and the reason but never the key.
 */
final class ModelEndpoint {

	private final OutboundHttp http;

	private final JsonMapper json;

	private final String name;

	/**
	 * Creates an endpoint.
	 * @param http the client, with the model's timeouts and retries
	 * @param json the mapper for requests and replies
	 * @param name how errors name the model, such as
	 * {@code OpenAI-compatible model gpt-4o}
	 * @param secret the key, struck from any error text
	 */
	ModelEndpoint(Call.Factory http, JsonMapper json, String name, String secret) {
		this.http = new OutboundHttp(http, secret);
		this.json = json;
		this.name = name;
	}

	<T> T post(Request.Builder request, Object payload, Class<T> replyType) {
		request.post(RequestBody.create(this.json.writeValueAsBytes(payload), OutboundHttp.JSON));
		try {
			Reply reply = this.http.send(request.build());
			if (!reply.isSuccessful()) {
				throw new ModelUnavailable(
						this.http.redact(this.name + " answered " + reply.code() + ": " + errorMessage(reply.body())));
			}
			return this.json.readValue(reply.body(), replyType);
		}
		catch (IOException ex) {
			throw new ModelUnavailable(this.http.redact(this.name + " could not be reached: " + ex), ex);
		}
		catch (JacksonException ex) {
			throw new ModelUnavailable(this.http
				.redact(this.name + " sent a reply that is not its API's JSON: " + ex.getOriginalMessage()), ex);
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
				return message.asString();
			}
		}
		catch (JacksonException ex) {
			// not JSON: the text itself is the best explanation
		}
		return body;
	}

}
