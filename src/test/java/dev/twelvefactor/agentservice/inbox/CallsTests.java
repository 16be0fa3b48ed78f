package dev.twelvefactor.agentservice.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CachedCalls}, with calls written as strings.
 */
class CallsTests {

	private static final Instant START = Instant.parse("2026-11-27T00:00:00Z");

	@Test
	void theInboxHoldsNoMoreCallsThanTheStoreHoldsThreads() {
		Calls<String> calls = calls(3);

		for (int i = 0; i < 10; i++) {
			add(calls, i);
		}

		assertThat(calls.pending(null, 100).calls()).hasSize(3);
	}

	@Test
	void anAnsweredCallIsKeptSoASecondAnswerIsRefused() {
		Calls<String> calls = calls(3);
		add(calls, 1);

		calls.update("call-1", (call) -> call.answer("call-1", "answered", "2026-11-27T00:01:00Z"));

		assertThat(calls.get("call-1").call()).isEqualTo("answered");
		assertThat(calls.pending(null, 100).calls()).isEmpty();
		assertThatExceptionOfType(InboxProblem.class)
			.isThrownBy(() -> calls.update("call-1", (call) -> call.answer("call-1", "again", "later")));
	}

	@Test
	void pagesListEveryPendingCallOnceNewestFirstEvenWhenCallsShareAnInstant() {
		Calls<String> calls = calls(100);
		for (int i = 0; i < 7; i++) {
			calls.add("call-" + i, InboxCall.asked("call " + i, null, START.plusSeconds(i / 2)));
		}

		List<String> listed = new ArrayList<>();
		Calls.Page<String> page = calls.pending(null, 3);
		listed.addAll(page.calls().stream().map(InboxCall::call).toList());
		while (page.next() != null) {
			page = calls.pending(Calls.Position.of(page.next().cursor()), 3);
			listed.addAll(page.calls().stream().map(InboxCall::call).toList());
		}

		assertThat(listed).containsExactly("call 6", "call 5", "call 4", "call 3", "call 2", "call 1", "call 0");
	}

	@Test
	void theVersionChangesWithWhatIsListedOnly() {
		Calls<String> calls = calls(100);
		add(calls, 1);
		String added = calls.version();

		calls.get("call-1");
		assertThat(calls.version()).isEqualTo(added);

		calls.update("call-1", (call) -> call.escalated("please"));
		assertThat(calls.version()).isNotEqualTo(added);
	}

	private static void add(Calls<String> calls, int i) {
		calls.add("call-" + i, InboxCall.asked("call " + i, null, START.plusSeconds(i)));
	}

	private static Calls<String> calls(long maximumSize) {
		return new CachedCalls<>(maximumSize, Duration.ofDays(1));
	}

}
