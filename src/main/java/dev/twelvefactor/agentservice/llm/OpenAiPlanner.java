package dev.twelvefactor.agentservice.llm;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.twelvefactor.agentservice.agent.InvalidNextStep;
import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.http.OutboundHttp;
import dev.twelvefactor.agentservice.llm.LlmProperties.ResponseFormat;
import dev.twelvefactor.agentservice.thread.AgentThread;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.StringUtils;

/**
 * Plans with an OpenAI-compatible Chat Completions API, which OpenAI and many servers of
 * open models speak.
 */
class OpenAiPlanner implements Planner {

	private final ModelEndpoint endpoint;

	private final HttpUrl url;

	private final LlmProperties.OpenAi settings;

	private final Prompt prompt;

	/**
	 * The {@code response_format} as JSON, written once: it is the same in every call.
	 */
	private final String responseFormat;

	private final ReplyParser parser;

	OpenAiPlanner(Call.Factory http, JsonMapper json, LlmProperties.OpenAi settings, Prompt prompt) {
		this.endpoint = new ModelEndpoint(http, json, "OpenAI-compatible model " + settings.model(), settings.apiKey());
		this.url = OutboundHttp.url(settings.baseUrl(), "chat", "completions");
		this.settings = settings;
		this.prompt = prompt;
		this.parser = new ReplyParser(prompt.steps());
		Map<String, Object> responseFormat = responseFormat(settings.responseFormat(), prompt);
		this.responseFormat = (responseFormat != null) ? json.writeValueAsString(responseFormat) : null;
	}

	/** See OpenAI's {@code POST /chat/completions}. */
	@Override
	public NextStep nextStep(AgentThread thread) {
		Request.Builder request = new Request.Builder().url(this.url);
		if (this.settings.hasKey()) {
			request.header("Authorization", "Bearer " + this.settings.apiKey());
		}
		ChatRequest chat = new ChatRequest(this.settings.model(),
				List.of(new Message("system", this.prompt.system()), new Message("user", this.prompt.user(thread))),
				this.responseFormat);
		ChatResponse response = this.endpoint.post(request, chat, ChatResponse.class);
		if (response.choices() == null || response.choices().isEmpty() || response.choices().get(0).message() == null) {
			throw new InvalidNextStep("the model sent no message; answer with one JSON object for the next step");
		}
		ChatResponse.Reply reply = response.choices().get(0).message();
		if (StringUtils.hasText(reply.refusal())) {
			throw new InvalidNextStep("the model refused: " + reply.refusal());
		}
		return this.parser.parse(reply.content());
	}

	@Override
	public String describe() {
		return "OpenAI-compatible model " + this.settings.model() + " at "
				+ OutboundHttp.withoutCredentials(this.settings.baseUrl());
	}

	/**
	 * The {@code response_format}: the steps' schema, strict unless a tool has optional
	 * or nested arguments, which OpenAI's strict mode cannot express.
	 */
	private static Map<String, Object> responseFormat(ResponseFormat format, Prompt prompt) {
		if (format == ResponseFormat.JSON_SCHEMA) {
			return Map.of("type", "json_schema", "json_schema",
					Map.of("name", Prompt.NEXT_STEP, "strict", prompt.isStrict(), "schema", prompt.jsonSchema()));
		}
		if (format == ResponseFormat.JSON_OBJECT) {
			return Map.of("type", "json_object");
		}
		return null;
	}

	record ChatRequest(String model, List<Message> messages,
			@JsonProperty("response_format") @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String responseFormat) {

	}

	record Message(String role, String content) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ChatResponse(List<Choice> choices) {

		@JsonIgnoreProperties(ignoreUnknown = true)
		record Choice(Reply message) {

		}

		@JsonIgnoreProperties(ignoreUnknown = true)
		record Reply(String content, String refusal) {

		}

	}

}
