package dev.twelvefactor.agentservice.store;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.PendingCall;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document a row keeps of a thread.
 */
class ThreadCodecTests {

	private final ThreadCodec codec = new ThreadCodec();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theStoredDocumentHoldsTheThreadsComponentsAndNothingDerivedFromThem() {
		String stored = this.codec.encode(paused());

		assertThat(this.json.readTree(stored).propertyNames()).containsExactlyElementsOf(
				Arrays.stream(AgentThread.class.getRecordComponents()).map(RecordComponent::getName).toList());
	}

	@Test
	void aDocumentStoredWithTheDerivedFlagsOfEarlierVersionsReadsBackTheSame() {
		AgentThread thread = paused();
		String earlier = this.codec.encode(thread)
			.replaceFirst("}$", ",\"cancellable\":true,\"finished\":false,\"paused\":true}");

		assertThat(this.codec.decode(earlier)).isEqualTo(thread);
	}

	private static AgentThread paused() {
		return AgentThread.launch(UUID.randomUUID(), "divide 3 by 4")
			.pause(new PendingCall("call-1", CallKind.FUNCTION_CALL),
					List.of(Event
						.toolCall(Map.of("intent", "divide", "a", new BigDecimal("3"), "b", new BigDecimal("4")))))
			.requestSent(Instant.now(), null);
	}

}
