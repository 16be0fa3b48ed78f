package dev.twelvefactor.agentservice.humanlayer;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.twelvefactor.agentservice.agent.Humans;
import dev.twelvefactor.agentservice.http.ConnectionStripes;
import dev.twelvefactor.agentservice.http.HttpProperties;
import dev.twelvefactor.agentservice.security.ApiTokenProperties;
import dev.twelvefactor.agentservice.thread.CallKind;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Creates and reads HumanLayer function calls and human contacts over HTTP, in the cloud
 * or in the local inbox: the same requests either way.
 */
@Component
public class HumanLayerClient implements Humans {

	private static final MediaType JSON = MediaType.get("application/json");

	private static final int MAX_ERROR_BODY = 300;

	private final Call.Factory http;

	private final JsonMapper json;

	private final HumanLayerProperties properties;

	private final ApiTokenProperties apiToken;

	private final Environment environment;

	public HumanLayerClient(OkHttpClient http, HttpProperties httpProperties, JsonMapper json,
			HumanLayerProperties properties, ApiTokenProperties apiToken, Environment environment) {
		this.http = ConnectionStripes.over(http, httpProperties.maxIdleConnections());
		this.json = json;
		this.properties = properties;
		this.apiToken = apiToken;
		this.environment = environment;
	}

	/** See HumanLayer's {@code POST /function_calls}. */
	@Override
	public void requestApproval(UUID threadId, String callId, String function, Map<String, BigDecimal> arguments) {
		Map<String, Object> kwargs = new LinkedHashMap<>(arguments);
		post("/function_calls", new FunctionCall(this.properties.runId(), callId,
				new FunctionCall.Spec(function, kwargs, channel(), state(threadId)), null));
	}

	/** See HumanLayer's {@code POST /contact_requests}. */
	@Override
	public void contact(UUID threadId, String callId, String message) {
		post("/contact_requests", new HumanContact(this.properties.runId(), callId,
				new HumanContact.Spec(message, channel(), state(threadId)), null));
	}

	/** See HumanLayer's {@code POST /agent/function_calls/{call_id}/escalate_email}. */
	@Override
	public void escalate(String callId, CallKind kind, String message) {
		String path = (kind == CallKind.FUNCTION_CALL) ? "/agent/function_calls/" : "/agent/human_contacts/";
		post(path + callId + "/escalate_email", Map.of("escalation_msg", message));
	}

	/**
	 * Reads a function call back, with its decision if one was made. See HumanLayer's
	 * {@code GET /function_calls/{call_id}}.
	 * @param callId the call
	 * @return the call as HumanLayer has it
	 * @throws HumanLayerException when HumanLayer cannot be reached or does not answer
	 * 200, {@linkplain HumanLayerException#isNotFound() 404} for an unknown call
	 */
	public FunctionCall fetchFunctionCall(String callId) {
		return get("function_calls", callId, FunctionCall.class);
	}

	/**
	 * Reads a human contact back, with its reply if there is one. See HumanLayer's
	 * {@code GET /contact_requests/{call_id}}.
	 * @param callId the contact
	 * @return the contact as HumanLayer has it
	 * @throws HumanLayerException when HumanLayer cannot be reached or does not answer
	 * 200, {@linkplain HumanLayerException#isNotFound() 404} for an unknown contact
	 */
	public HumanContact fetchHumanContact(String callId) {
		return get("contact_requests", callId, HumanContact.class);
	}

	private ContactChannel channel() {
		String email = this.properties.email();
		return StringUtils.hasText(email) ? new ContactChannel(new ContactChannel.Email(email, null)) : null;
	}

	private static Map<String, Object> state(UUID threadId) {
		return Map.of("thread_id", threadId.toString());
	}

	private void post(String path, Object payload) {
		Request.Builder request = authorized(new Request.Builder().url(apiBase() + path))
			.post(RequestBody.create(this.json.writeValueAsString(payload), JSON));
		try (Response response = this.http.newCall(request.build()).execute()) {
			if (!response.isSuccessful()) {
				throw new HumanLayerException(
						"POST " + path + " answered " + response.code() + ": " + abbreviate(response.body().string()),
						response.code());
			}
		}
		catch (IOException ex) {
			throw new HumanLayerException("POST " + path + " failed: " + ex, ex);
		}
	}

	private <T> T get(String collection, String callId, Class<T> type) {
		HttpUrl url = HttpUrl.get(apiBase()).newBuilder().addPathSegment(collection).addPathSegment(callId).build();
		String path = "/" + collection + "/" + callId;
		Request request = authorized(new Request.Builder().url(url)).get().build();
		try (Response response = this.http.newCall(request).execute()) {
			String body = response.body().string();
			if (response.code() != 200) {
				throw new HumanLayerException("GET " + path + " answered " + response.code() + ": " + abbreviate(body),
						response.code());
			}
			return this.json.readValue(body, type);
		}
		catch (IOException ex) {
			throw new HumanLayerException("GET " + path + " failed: " + ex, ex);
		}
		catch (JacksonException ex) {
			throw new HumanLayerException("GET " + path + " answered something that is no " + type.getSimpleName()
					+ ": " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Adds the API key for HumanLayer cloud, or this service's own API token for its
	 * local inbox when one is set.
	 */
	private Request.Builder authorized(Request.Builder request) {
		if (this.properties.isCloud()) {
			return request.header("Authorization", "Bearer " + this.properties.apiKey());
		}
		if (this.apiToken.isSet()) {
			return request.header("Authorization", "Bearer " + this.apiToken.apiToken());
		}
		return request;
	}

	/**
	 * The API's base URL: the one configured, else HumanLayer's cloud with a key, else
	 * the local inbox on this service's own port.
	 * @return the base URL, without a trailing slash
	 */
	String apiBase() {
		if (StringUtils.hasText(this.properties.apiBase())) {
			return StringUtils.trimTrailingCharacter(this.properties.apiBase(), '/');
		}
		if (this.properties.isCloud()) {
			return HumanLayerProperties.CLOUD_API_BASE;
		}
		return "http://127.0.0.1:" + this.environment.getRequiredProperty("local.server.port")
				+ HumanLayerProperties.LOCAL_API_PATH;
	}

	private static String abbreviate(String body) {
		return (body.length() <= MAX_ERROR_BODY) ? body : body.substring(0, MAX_ERROR_BODY) + "...";
	}

}
