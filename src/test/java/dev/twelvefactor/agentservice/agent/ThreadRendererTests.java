package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.thread.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ThreadRenderer}.
 */
class ThreadRendererTests {

	@Test
	void rendersTheReferenceExampleExactly() {
		List<Event> events = List.of(Event.userInput("can you multiply 3 and 4, then divide the result by 2?"),
				Event.toolCall(
						new Calculation(Intent.MULTIPLY, new BigDecimal("3"), new BigDecimal("4")).toStep().toData()),
				Event.toolResponse(new BigDecimal("12")));
		assertThat(ThreadRenderer.render(events)).isEqualTo("""
				<user_input>
				can you multiply 3 and 4, then divide the result by 2?
				</user_input>

				<multiply>
				a: 3
				b: 4
				</multiply>

				<tool_response>
				12
				</tool_response>""");
	}

	@Test
	void rendersAMessageStepUnderItsIntent() {
		Event question = Event.toolCall(new NextStep.RequestMoreInformation("Which numbers?").toData());
		assertThat(ThreadRenderer.render(List.of(question))).isEqualTo("""
				<request_more_information>
				message: Which numbers?
				</request_more_information>""");
	}

	@Test
	void rendersAnEventWithoutIntentUnderItsType() {
		assertThat(ThreadRenderer.render(List.of(Event.humanResponse("lets try 12 instead"))))
			.isEqualTo("<human_response>\nlets try 12 instead\n</human_response>");
	}

	@Test
	void trimsLeadingSpacesOfPlainData() {
		assertThat(ThreadRenderer.render(List.of(Event.userInput("   hello!"))))
			.isEqualTo("<user_input>\nhello!\n</user_input>");
	}

	@Test
	void writesNumbersWithoutExponent() {
		assertThat(ThreadRenderer.render(List.of(Event.toolResponse(new BigDecimal("6E+2")),
				Event.toolCall(Map.of("intent", "add", "a", new BigDecimal("1E+1"))))))
			.isEqualTo("<tool_response>\n600\n</tool_response>\n\n<add>\na: 10\n</add>");
	}

}
