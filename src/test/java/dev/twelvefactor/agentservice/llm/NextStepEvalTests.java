package dev.twelvefactor.agentservice.llm;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.llm.LlmProperties.Provider;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference's prompt tests, run against the live model the environment names; not
 * part of {@code ./mvnw verify}: run them with {@code ./mvnw test -Peval} (see
 * docs/llm.md).
 */
@Tag("eval")
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
class NextStepEvalTests {

	@DynamicPropertySource
	static void chooseTheProviderFromTheEnvironment(DynamicPropertyRegistry registry) {
		registry.add("agent.llm.provider", () -> System.getenv().getOrDefault("AGENT_LLM_PROVIDER", ""));
	}

	@Autowired
	private Planner planner;

	@Autowired
	private LlmProperties properties;

	@BeforeEach
	void requireALiveModel() {
		assertThat(this.properties.primary())
			.withFailMessage("The eval needs a live model: set OPENAI_API_KEY or ANTHROPIC_API_KEY, or "
					+ "AGENT_LLM_PROVIDER=openai with OPENAI_BASE_URL for a local server (see docs/llm.md)")
			.isNotEqualTo(Provider.OFFLINE);
	}

	@Test
	void aGreetingIsAnsweredWithAQuestion() {
		assertThat(nextStep(thread("hello!")).intent()).isEqualTo(Intent.REQUEST_MORE_INFORMATION.wireName());
	}

	@Test
	void aMultiplicationIsMultiplied() {
		assertThat(nextStep(thread("can you multiply 3 and 4?")).intent()).isEqualTo(Intent.MULTIPLY.wireName());
	}

	@Test
	void aFinishedChainIsReportedWithItsResult() {
		NextStep step = nextStep(
				thread("can you multiply 3 and 4, then divide the result by 2 and then add 12 to that result?",
						Event.toolCall(calculation("multiply", 3, 4)), Event.toolResponse(new BigDecimal("12")),
						Event.toolCall(calculation("divide", 12, 2)), Event.toolResponse(new BigDecimal("6")),
						Event.toolCall(calculation("add", 6, 12)), Event.toolResponse(new BigDecimal("18"))));
		assertThat(step).isInstanceOfSatisfying(DoneForNow.class, (done) -> assertThat(done.message()).contains("18"));
	}

	@Test
	void aGarbledOperandIsQuestioned() {
		assertThat(nextStep(thread("can you multiply 3 and fe1iiaff10")).intent())
			.isEqualTo(Intent.REQUEST_MORE_INFORMATION.wireName());
	}

	@Test
	void aClarifiedOperandIsUsed() {
		NextStep step = nextStep(thread("can you multiply 3 and FD*(#F&& ?",
				Event.toolCall(Map.of("intent", "request_more_information", "message",
						"I couldn't read the second number, \"FD*(#F&&\". Which number should I multiply 3 by?")),
				Event.humanResponse("lets try 12 instead")));
		assertThat(step)
			.isEqualTo(new Calculation(Intent.MULTIPLY, new BigDecimal("3"), new BigDecimal("12")).toStep());
	}

	private NextStep nextStep(AgentThread thread) {
		return this.planner.nextStep(thread);
	}

	private static AgentThread thread(String message, Event... events) {
		return AgentThread.launch(UUID.randomUUID(), message).append(List.of(events));
	}

	private static Map<String, Object> calculation(String intent, int a, int b) {
		return Map.of("intent", intent, "a", a, "b", b);
	}

}
