package dev.twelvefactor.agentservice.llm;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.http.OutboundHttp;
import dev.twelvefactor.agentservice.thread.AgentThread;
import okhttp3.Call;
import okhttp3.Request;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plans with a Claude model through Anthropic's Messages API.
 */
class AnthropicPlanner implements Planner {

	static final String API_VERSION = "2023-06-01";

	private final ModelEndpoint endpoint;

	private final LlmProperties.Anthropic settings;

	private final Prompt prompt;

	private final ReplyParser parser;

	AnthropicPlanner(Call.Factory http, JsonMapper json, LlmProperties.Anthropic settings, Prompt prompt) {
		this.endpoint = new ModelEndpoint(http, json, "Anthropic model " + settings.model(), settings.apiKey());
		this.settings = settings;
		this.prompt = prompt;
		this.parser = new ReplyParser(prompt.steps());
	}

	/** See Anthropic's {@code POST /v1/messages}. */
	@Override
	public NextStep nextStep(AgentThread thread) {
		Request.Builder request = new Request.Builder().url(OutboundHttp.url(this.settings.baseUrl(), "v1", "messages"))
			.header("x-api-key", this.settings.apiKey())
			.header("anthropic-version", API_VERSION);
		MessagesRequest messages = new MessagesRequest(this.settings.model(), this.settings.maxTokens(),
				this.prompt.system(), List.of(new Message("user", this.prompt.user(thread))));
		MessagesResponse response = this.endpoint.post(request, messages, MessagesResponse.class);
		return this.parser.parse(response.text());
	}

	@Override
	public String describe() {
		return "Anthropic model " + this.settings.model() + " at "
				+ OutboundHttp.withoutCredentials(this.settings.baseUrl());
	}

	record MessagesRequest(String model, @JsonProperty("max_tokens") int maxTokens, String system,
			List<Message> messages) {

	}

	record Message(String role, String content) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record MessagesResponse(List<Block> content) {

		/**
		 * The reply's text blocks, joined; other blocks (such as thinking) are left out.
		 */
		String text() {
			if (this.content == null) {
				return "";
			}
			return this.content.stream()
				.filter((block) -> "text".equals(block.type()) && block.text() != null)
				.map(Block::text)
				.collect(Collectors.joining("\n"));
		}

		@JsonIgnoreProperties(ignoreUnknown = true)
		record Block(String type, String text) {

		}

	}

}
