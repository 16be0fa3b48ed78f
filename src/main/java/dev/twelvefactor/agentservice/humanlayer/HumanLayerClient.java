package dev.twelvefactor.agentservice.humanlayer;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.twelvefactor.agentservice.agent.ApprovalRequest;
import dev.twelvefactor.agentservice.agent.Humans;
import dev.twelvefactor.agentservice.http.ConnectionStripes;
import dev.twelvefactor.agentservice.http.HttpProperties;
import dev.twelvefactor.agentservice.http.OutboundHttp;
import dev.twelvefactor.agentservice.http.OutboundHttp.Reply;
import dev.twelvefactor.agentservice.http.ReadBack;
import dev.twelvefactor.agentservice.security.ApiTokenProperties;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Channel;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
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

	private final OutboundHttp http;

	private final JsonMapper json;

	private final HumanLayerProperties properties;

	private final ApiTokenProperties apiToken;

	private final Environment environment;

	public HumanLayerClient(OkHttpClient http, HttpProperties httpProperties, JsonMapper json,
			HumanLayerProperties properties, ApiTokenProperties apiToken, Environment environment) {
		this.http = new OutboundHttp(ConnectionStripes.over(http, httpProperties.maxIdleConnections()),
				properties.apiKey(), apiToken.apiToken());
		this.json = json;
		this.properties = properties;
		this.apiToken = apiToken;
		this.environment = environment;
	}

	/**
	 * See HumanLayer's {@code POST /function_calls}. A try that failed is read back
	 * before it is posted again, so a call that arrived although its answer was lost is
	 * not posted twice. A {@code 409} means a call with this id exists: if it is this
	 * thread's, it was sent.
	 */
	@Override
	public void requestApproval(UUID threadId, String callId, ApprovalRequest request) {
		Map<String, Object> kwargs = new LinkedHashMap<>(request.arguments());
		List<ResponseOption> rejectOptions = request.rejectOptions()
			.stream()
			.map((option) -> new ResponseOption(option.name(), option.title(), option.description(),
					option.promptFill(), option.interactive()))
			.toList();
		create("function_calls", callId, threadId,
				new FunctionCall(this.properties.runId(), callId,
						new FunctionCall.Spec(request.function(), kwargs,
								contactChannel(request.channel(), CallKind.FUNCTION_CALL),
								rejectOptions.isEmpty() ? null : rejectOptions, state(threadId)),
						null));
	}

	/**
	 * See HumanLayer's {@code POST /contact_requests}; a {@code 409} as for approvals.
	 */
	@Override
	public void contact(UUID threadId, String callId, String message, Channel channel) {
		create("contact_requests", callId, threadId, new HumanContact(this.properties.runId(), callId,
				new HumanContact.Spec(message, contactChannel(channel, CallKind.HUMAN_CONTACT), state(threadId)),
				null));
	}

	/**
	 * See HumanLayer's {@code POST /agent/function_calls/{call_id}/escalate_email}; the
	 * escalation goes on the channel the call was sent on.
	 */
	@Override
	public void escalate(String callId, CallKind kind, String message, Channel channel) {
		String collection = (kind == CallKind.FUNCTION_CALL) ? "function_calls" : "human_contacts";
		post(new Escalation(message, null, contactChannel(channel, kind)), null, "agent", collection, callId,
				"escalate_email");
	}

	/**
	 * Reads the call back: HumanLayer has it when {@code GET /function_calls/{call_id}}
	 * (or {@code /contact_requests/{call_id}}) finds it with this thread in its state,
	 * and does not on a {@code 404}.
	 */
	@Override
	public boolean received(UUID threadId, String callId, CallKind kind) {
		try {
			return isOwnCall((kind == CallKind.FUNCTION_CALL) ? "function_calls" : "contact_requests", callId,
					threadId);
		}
		catch (HumanLayerException ex) {
			if (ex.isNotFound()) {
				return false;
			}
			throw ex;
		}
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
		return get(FunctionCall.class, "function_calls", callId);
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
		return get(HumanContact.class, "contact_requests", callId);
	}

	/**
	 * The channel a request goes on, as HumanLayer names it: the thread's own, else the
	 * configured default of its kind.
	 */
	private ContactChannel contactChannel(Channel channel, CallKind kind) {
		Channel chosen = (channel != null) ? channel : (kind == CallKind.FUNCTION_CALL)
				? this.properties.approvalChannel() : this.properties.defaultChannel();
		return (chosen != null) ? ContactChannel.of(chosen) : null;
	}

	private static Map<String, Object> state(UUID threadId) {
		return Map.of("thread_id", threadId.toString());
	}

	/**
	 * Creates a call, read back before any further try; a {@code 409} for a call this
	 * thread already has counts as sent.
	 */
	private void create(String collection, String callId, UUID threadId, Object payload) {
		ReadBack readBack = new ReadBack(
				authorized(new Request.Builder().url(OutboundHttp.url(apiBase(), collection, callId))).get().build());
		try {
			post(payload, readBack, collection);
		}
		catch (HumanLayerException ex) {
			if (!ex.isConflict() || !isOwnCall(collection, callId, threadId)) {
				throw ex;
			}
		}
	}

	/**
	 * Whether the call HumanLayer has under this id is the one this thread created.
	 */
	private boolean isOwnCall(String collection, String callId, UUID threadId) {
		Map<String, Object> state = collection.equals("function_calls") ? fetchFunctionCall(callId).spec().state()
				: fetchHumanContact(callId).spec().state();
		return (state != null) && threadId.toString().equals(state.get("thread_id"));
	}

	private void post(Object payload, ReadBack readBack, String... segments) {
		String path = "POST /" + String.join("/", segments);
		Request request = authorized(new Request.Builder().url(OutboundHttp.url(apiBase(), segments)))
			.post(RequestBody.create(this.json.writeValueAsBytes(payload), OutboundHttp.JSON))
			.tag(ReadBack.class, readBack)
			.build();
		try {
			Reply reply = this.http.send(request);
			if (!reply.isSuccessful()) {
				String answered = reply.request().method().equals(request.method()) ? path
						: path + ", read back with GET " + reply.request().url().encodedPath();
				throw new HumanLayerException(
						this.http.redact(answered + " answered " + reply.code() + ": " + reply.body()), reply.code());
			}
		}
		catch (IOException ex) {
			throw new HumanLayerException(this.http.redact(path + " failed: " + ex), ex);
		}
	}

	private <T> T get(Class<T> type, String... segments) {
		String path = "GET /" + String.join("/", segments);
		Request request = authorized(new Request.Builder().url(OutboundHttp.url(apiBase(), segments))).get().build();
		try {
			Reply reply = this.http.send(request);
			if (!reply.isSuccessful()) {
				throw new HumanLayerException(
						this.http.redact(path + " answered " + reply.code() + ": " + reply.body()), reply.code());
			}
			return this.json.readValue(reply.body(), type);
		}
		catch (IOException ex) {
			throw new HumanLayerException(this.http.redact(path + " failed: " + ex), ex);
		}
		catch (JacksonException ex) {
			throw new HumanLayerException(this.http.redact(
					path + " answered something that is no " + type.getSimpleName() + ": " + ex.getOriginalMessage()),
					ex);
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
		return OutboundHttp.loopback(this.environment, HumanLayerProperties.LOCAL_API_PATH);
	}

}
