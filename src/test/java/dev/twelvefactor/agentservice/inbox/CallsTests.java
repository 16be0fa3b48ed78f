package dev.twelvefactor.agentservice.inbox;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Calls}, with calls written as strings: a call is answered once it says
 * so.
 */
class CallsTests {

	@Test
	void theInboxHoldsNoMoreCallsThanTheStoreHoldsThreads() {
		Calls<String> calls = calls(3);

		for (int i = 0; i < 10; i++) {
			calls.add("call-" + i, "2026-11-27T00:00:0" + i);
		}

		assertThat(calls.pending()).hasSize(3);
	}

	@Test
	void anAnsweredCallIsKeptSoASecondAnswerIsRefused() {
		Calls<String> calls = calls(3);
		calls.add("call-1", "2026-11-27T00:00:01");

		calls.answer("call-1", (call) -> "answered " + call);

		assertThat(calls.get("call-1")).isEqualTo("answered 2026-11-27T00:00:01");
		assertThat(calls.pending()).isEmpty();
		assertThatExceptionOfType(InboxProblem.class)
			.isThrownBy(() -> calls.answer("call-1", UnaryOperator.identity()));
	}

	private static Calls<String> calls(long maximumSize) {
		return new Calls<>((call) -> call.startsWith("answered"), Function.identity(), maximumSize, Duration.ofDays(1));
	}

}
