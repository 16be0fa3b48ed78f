package dev.twelvefactor.agentservice.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.twelvefactor.agentservice.agent.StepsFixtures;
import dev.twelvefactor.agentservice.http.RetryInterceptor;
import dev.twelvefactor.agentservice.thread.AgentThread;
import okhttp3.OkHttpClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;

/**
 * Replies in the providers' real wire format, and a client that retries quickly, for the
 * tests of the model clients.
 */
final class ModelFixtures {

	static final int MAX_RETRIES = 2;

	static final Duration TIMEOUT = Duration.ofMillis(500);

	static final JsonMapper json = new JsonMapper();

	private ModelFixtures() {
	}

	static String fixture(String name) {
		try {
			return new ClassPathResource(name, ModelFixtures.class).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A Chat Completions answer whose first choice says the given text.
	 */
	static String openAiReply(String content) {
		ObjectNode completion = (ObjectNode) json.readTree(fixture("openai-chat-completion.json"));
		((ObjectNode) completion.get("choices").get(0).get("message")).put("content", content);
		return json.writeValueAsString(completion);
	}

	/**
	 * A Messages answer with one text block.
	 */
	static String anthropicReply(String text) {
		ObjectNode message = (ObjectNode) json.readTree(fixture("anthropic-message.json"));
		((ObjectNode) message.get("content").get(0)).put("text", text);
		return json.writeValueAsString(message);
	}

	/**
	 * A client as the service narrows it for models, with short waits.
	 */
	static OkHttpClient client() {
		return new OkHttpClient.Builder().retryOnConnectionFailure(false)
			.readTimeout(TIMEOUT)
			.addInterceptor(new RetryInterceptor(MAX_RETRIES, Duration.ofMillis(10), Duration.ofMillis(50),
					Duration.ofSeconds(5)))
			.build();
	}

	/**
	 * The prompt the service ships, with the calculator and the default approval policy.
	 */
	static Prompt prompt() {
		return Prompt.standard(StepsFixtures.standard());
	}

	static AgentThread thread(String message) {
		return AgentThread.launch(UUID.randomUUID(), message);
	}

}
