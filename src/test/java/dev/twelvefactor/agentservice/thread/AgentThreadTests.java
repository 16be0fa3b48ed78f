package dev.twelvefactor.agentservice.thread;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link AgentThread}.
 */
class AgentThreadTests {

	private static final Event DIVIDE = Event
		.toolCall(Map.of("intent", "divide", "a", new BigDecimal("3"), "b", new BigDecimal("4")));

	private static final Event QUESTION = Event
		.toolCall(Map.of("intent", "request_more_information", "message", "Which numbers?"));

	private final AgentThread launched = AgentThread.launch(UUID.randomUUID(), "can you divide 3 by 4?");

	@Test
	void launchedThreadRunsWithTheUserInput() {
		assertThat(this.launched.status()).isEqualTo(ThreadStatus.RUNNING);
		assertThat(this.launched.events()).containsExactly(Event.userInput("can you divide 3 by 4?"));
		assertThat(this.launched.pending()).isNull();
	}

	@Test
	void pausingOnAFunctionCallAwaitsApproval() {
		AgentThread paused = awaitingApproval("call-1");
		assertThat(paused.status()).isEqualTo(ThreadStatus.AWAITING_APPROVAL);
		assertThat(paused.pending().callId()).isEqualTo("call-1");
		assertThat(paused.pending().kind()).isEqualTo(CallKind.FUNCTION_CALL);
		assertThat(paused.lastEvent()).isEqualTo(DIVIDE);
	}

	@Test
	void pausingOnAHumanContactAwaitsAHumanResponse() {
		AgentThread paused = awaitingResponse("human_call-1");
		assertThat(paused.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
	}

	@Test
	void matchIsPendingForThePendingCallAndKind() {
		assertThat(awaitingApproval("call-1").match("call-1", CallKind.FUNCTION_CALL))
			.isEqualTo(AgentThread.Match.PENDING);
	}

	@Test
	void matchIsNotPendingForAnotherCallId() {
		assertThat(awaitingApproval("call-1").match("call-2", CallKind.FUNCTION_CALL))
			.isEqualTo(AgentThread.Match.NOT_PENDING);
	}

	@Test
	void matchIsNotPendingForTheOtherKind() {
		assertThat(awaitingApproval("call-1").match("call-1", CallKind.HUMAN_CONTACT))
			.isEqualTo(AgentThread.Match.NOT_PENDING);
	}

	@Test
	void matchIsNotPendingWhileRunning() {
		assertThat(this.launched.match("call-1", CallKind.FUNCTION_CALL)).isEqualTo(AgentThread.Match.NOT_PENDING);
	}

	@Test
	void matchIsNotPendingOnceFailedAtAnotherStepEvenWithACallOnRecord() {
		AgentThread failed = awaitingApproval("call-1").fail("stopped", Failure.Step.EXECUTOR);
		assertThat(failed.pending()).isNotNull();
		assertThat(failed.match("call-1", CallKind.FUNCTION_CALL)).isEqualTo(AgentThread.Match.NOT_PENDING);
	}

	@Test
	void matchIsStillPendingWhenSendingTheCallSeemedToFail() {
		AgentThread failed = awaitingApproval("call-1").fail("HumanLayer timed out", Failure.Step.HUMAN_REQUEST);
		assertThat(failed.match("call-1", CallKind.FUNCTION_CALL)).isEqualTo(AgentThread.Match.PENDING);
		assertThat(failed.resume("call-1", List.of(Event.toolResponse("user denied the operation"))).status())
			.isEqualTo(ThreadStatus.RUNNING);
	}

	@Test
	void retryWaitsForTheSameCallWhenSendingItFailed() {
		AgentThread failed = awaitingApproval("call-1").fail("HumanLayer was down", Failure.Step.HUMAN_REQUEST);
		AgentThread retried = failed.retry();
		assertThat(retried.status()).isEqualTo(ThreadStatus.AWAITING_APPROVAL);
		assertThat(retried.pending()).isEqualTo(failed.pending());
		assertThat(retried.failure()).isNull();
		assertThat(retried.events()).isEqualTo(failed.events());
	}

	@Test
	void retryRunsAgainWhenTheModelFailed() {
		AgentThread retried = this.launched.fail("model down", Failure.Step.MODEL).retry();
		assertThat(retried.status()).isEqualTo(ThreadStatus.RUNNING);
		assertThat(retried.failure()).isNull();
	}

	@Test
	void retryRefusesAThreadThatIsNotFailed() {
		assertThatIllegalStateException().isThrownBy(this.launched::retry);
	}

	@Test
	void matchIsAlreadyAnsweredForACallTheThreadTook() {
		AgentThread resumed = awaitingApproval("call-1").resume("call-1", List.of(Event.toolResponse("0.75")));
		assertThat(resumed.match("call-1", CallKind.FUNCTION_CALL)).isEqualTo(AgentThread.Match.ALREADY_ANSWERED);
	}

	@Test
	void matchIsAlreadyAnsweredForAnOldCallWhileWaitingForANewOne() {
		AgentThread waitingAgain = awaitingApproval("call-1").resume("call-1", List.of(Event.toolResponse("0.75")))
			.pause(new PendingCall("call-2", CallKind.FUNCTION_CALL), List.of(DIVIDE));
		assertThat(waitingAgain.match("call-1", CallKind.FUNCTION_CALL)).isEqualTo(AgentThread.Match.ALREADY_ANSWERED);
	}

	@Test
	void resumeAppendsTheAnswerAndRunsAgain() {
		AgentThread resumed = awaitingResponse("human_call-1").resume("human_call-1",
				List.of(Event.humanResponse("3 and 4")));
		assertThat(resumed.status()).isEqualTo(ThreadStatus.RUNNING);
		assertThat(resumed.pending()).isNull();
		assertThat(resumed.answeredCalls()).containsExactly("human_call-1");
		assertThat(resumed.lastEvent()).isEqualTo(Event.humanResponse("3 and 4"));
	}

	@Test
	void resumeRefusesACallTheThreadDoesNotWaitFor() {
		AgentThread paused = awaitingResponse("human_call-1");
		assertThatIllegalStateException()
			.isThrownBy(() -> paused.resume("human_call-2", List.of(Event.humanResponse("hi"))))
			.withMessageContaining("human_call-2");
	}

	@Test
	void resumeRefusesARunningThread() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.launched.resume("call-1", List.of(Event.humanResponse("hi"))));
	}

	@Test
	void resumeRefusesAnAnswerTwice() {
		AgentThread resumed = awaitingResponse("human_call-1").resume("human_call-1",
				List.of(Event.humanResponse("hi")));
		assertThatIllegalStateException()
			.isThrownBy(() -> resumed.resume("human_call-1", List.of(Event.humanResponse("hi"))));
	}

	@Test
	void appendRefusesAPausedThread() {
		AgentThread paused = awaitingApproval("call-1");
		assertThatIllegalStateException().isThrownBy(() -> paused.append(List.of(Event.error("late"))))
			.withMessageContaining("awaiting_approval");
	}

	@Test
	void appendRefusesAFailedThread() {
		AgentThread failed = this.launched.fail("model down", Failure.Step.MODEL);
		assertThatIllegalStateException().isThrownBy(() -> failed.append(List.of(Event.error("late"))))
			.withMessageContaining("failed");
	}

	@Test
	void pauseRefusesAPausedThread() {
		AgentThread paused = awaitingApproval("call-1");
		assertThatIllegalStateException()
			.isThrownBy(() -> paused.pause(new PendingCall("call-2", CallKind.FUNCTION_CALL), List.of(DIVIDE)));
	}

	@Test
	void failKeepsTheEventsAndTellsWhy() {
		AgentThread failed = this.launched.append(List.of(Event.error("bad"))).fail("model down", Failure.Step.MODEL);
		assertThat(failed.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(failed.failure()).isEqualTo(new Failure("model down", Failure.Step.MODEL));
		assertThat(failed.events()).hasSize(2);
	}

	@Test
	void consecutiveErrorsIsZeroWithoutErrors() {
		assertThat(this.launched.consecutiveErrors()).isZero();
	}

	@Test
	void consecutiveErrorsCountsErrorsAcrossTheToolCallsBetweenThem() {
		AgentThread thread = this.launched
			.append(List.of(Event.error("unknown intent"), DIVIDE, Event.error("cannot divide 3 by zero")));
		assertThat(thread.consecutiveErrors()).isEqualTo(2);
	}

	@Test
	void consecutiveErrorsStartsAgainAfterAToolResponse() {
		AgentThread thread = this.launched.append(List.of(Event.error("one"), Event.error("two"),
				Event.toolCall(Map.of("intent", "add", "a", BigDecimal.ONE, "b", BigDecimal.ONE)),
				Event.toolResponse(new BigDecimal("2")), Event.error("three")));
		assertThat(thread.consecutiveErrors()).isEqualTo(1);
	}

	@Test
	void consecutiveErrorsStartsAgainAfterAHumanResponse() {
		AgentThread thread = this.launched.append(List.of(Event.error("one"), Event.error("two")))
			.pause(new PendingCall("human_call-1", CallKind.HUMAN_CONTACT), List.of(QUESTION))
			.resume("human_call-1", List.of(Event.humanResponse("try again")))
			.append(List.of(Event.error("three")));
		assertThat(thread.consecutiveErrors()).isEqualTo(1);
	}

	@Test
	void cancelEndsARunningPausedOrFailedThreadAndWaitsForNothing() {
		Cancellation cancellation = new Cancellation("no longer needed", "ops", Instant.now());
		for (AgentThread thread : List.of(this.launched, awaitingApproval("call-1"), awaitingResponse("human_call-1"),
				this.launched.fail("down", Failure.Step.MODEL))) {
			AgentThread cancelled = thread.cancel(cancellation);
			assertThat(cancelled.status()).isEqualTo(ThreadStatus.CANCELLED);
			assertThat(cancelled.cancellation()).isEqualTo(cancellation);
			assertThat(cancelled.events()).isEqualTo(thread.events());
			assertThat(cancelled.waitingFor()).isNull();
			assertThat(cancelled.failure()).isNull();
			assertThat(cancelled.match("call-1", CallKind.FUNCTION_CALL)).isEqualTo(AgentThread.Match.NOT_PENDING);
		}
	}

	@Test
	void cancelRefusesAFinishedOrCancelledThread() {
		Cancellation cancellation = new Cancellation(null, "api", Instant.now());
		AgentThread finished = this.launched.pause(new PendingCall("human_call-1", CallKind.HUMAN_CONTACT),
				List.of(Event.toolCall(Map.of("intent", "done_for_now", "message", "0.75"))));
		assertThat(finished.isFinished()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> finished.cancel(cancellation));
		AgentThread cancelled = this.launched.cancel(cancellation);
		assertThatIllegalStateException().isThrownBy(() -> cancelled.cancel(cancellation));
		assertThatIllegalStateException().isThrownBy(() -> cancelled.fail("late", Failure.Step.MODEL));
		assertThatIllegalStateException().isThrownBy(() -> cancelled.append(List.of(Event.error("late"))));
	}

	@Test
	void aCancelledThreadReadsBackFromJsonAsItWas() {
		JsonMapper json = JsonMapper.builder().findAndAddModules().build();
		AgentThread cancelled = awaitingApproval("call-1")
			.cancel(new Cancellation("wrong numbers", "ops@example.com", Instant.now()));

		AgentThread read = json.readValue(json.writeValueAsString(cancelled), AgentThread.class);

		assertThat(read.status()).isEqualTo(ThreadStatus.CANCELLED);
		assertThat(read.cancellation()).isEqualTo(cancelled.cancellation());
		assertThat(read.events()).hasSameSizeAs(cancelled.events());
	}

	private AgentThread awaitingApproval(String callId) {
		return this.launched.pause(new PendingCall(callId, CallKind.FUNCTION_CALL), List.of(DIVIDE));
	}

	private AgentThread awaitingResponse(String callId) {
		return this.launched.pause(new PendingCall(callId, CallKind.HUMAN_CONTACT), List.of(QUESTION));
	}

}
