package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import dev.twelvefactor.agentservice.agent.AgentLoopTests.DirectExecutor;
import dev.twelvefactor.agentservice.agent.AgentLoopTests.MapThreadStore;
import dev.twelvefactor.agentservice.agent.AgentLoopTests.RecordingHumans;
import dev.twelvefactor.agentservice.agent.AgentLoopTests.ScriptedPlanner;
import dev.twelvefactor.agentservice.agent.NextStep.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadNotFailed;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * How a failed thread is retried, and how deadlines keep a paused one from waiting
 * forever.
 */
class RecoveryTests {

	private final MapThreadStore threads = new MapThreadStore();

	private final ScriptedPlanner planner = new ScriptedPlanner();

	private final RecordingHumans humans = new RecordingHumans(this.threads);

	private final LoopExecutor executor = new LoopExecutor(new AgentProperties.Executor(10, 10, Duration.ofSeconds(1)),
			Duration.ZERO, DirectExecutor::new);

	private final AgentLoop loop = new AgentLoop(this.threads, this.planner, this.humans,
			new AgentProperties(20, 3, null, null), this.executor, new SimpleMeterRegistry());

	@Test
	void retryResendsTheSameCallWhenSendingItFailed() {
		this.planner.then(new RequestMoreInformation("Which numbers?"));
		this.humans.failWith(new IllegalStateException("POST /contact_requests answered 503"));
		AgentThread failed = launch("hello!");
		assertThat(failed.failure().step()).isEqualTo(Failure.Step.HUMAN_REQUEST);
		this.humans.failWith(null);

		this.loop.retry(failed.id());

		AgentThread retried = stored(failed.id());
		assertThat(retried.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
		assertThat(retried.pending().callId()).isEqualTo(failed.pending().callId());
		assertThat(retried.events()).isEqualTo(failed.events());
		assertThat(this.humans.contacts).extracting(AgentLoopTests.Request::callId)
			.containsExactly(failed.pending().callId(), failed.pending().callId());
	}

	@Test
	void retryRunsTheModelAgainWhenItFailed() {
		this.planner.then((thread) -> {
			throw new IllegalStateException("OpenAI answered 500");
		}).then(new DoneForNow("Hello!"));
		AgentThread failed = launch("hello!");
		assertThat(failed.failure().step()).isEqualTo(Failure.Step.MODEL);

		this.loop.retry(failed.id());

		AgentThread retried = stored(failed.id());
		assertThat(retried.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
		assertThat(retried.events()).startsWith(failed.events().toArray(Event[]::new));
		assertThat(retried.lastEvent().intent()).isEqualTo("done_for_now");
	}

	@Test
	void aSecondRetryOfTheSameFailureIsRefused() {
		this.planner.then(new RequestMoreInformation("Which numbers?"));
		this.humans.failWith(new IllegalStateException("HumanLayer down"));
		AgentThread failed = launch("hello!");
		this.humans.failWith(null);
		this.loop.retry(failed.id());

		assertThatExceptionOfType(ThreadNotFailed.class).isThrownBy(() -> this.loop.retry(failed.id()));
		assertThat(this.humans.contacts).hasSize(2);
	}

	@Test
	void anAnswerTakenWhileTheServiceStopsLeavesTheThreadFailedForARetry() {
		this.planner.then(new RequestMoreInformation("Which numbers?")).then(new DoneForNow("Noted."));
		AgentThread paused = launch("hello!");
		this.executor.stop();

		assertThatExceptionOfType(Overloaded.class).isThrownBy(
				() -> this.loop.resume(paused.id(), new HumanAnswer.Reply(paused.pending().callId(), "3 and 4")));

		AgentThread stopped = stored(paused.id());
		assertThat(stopped.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(stopped.failure().step()).isEqualTo(Failure.Step.EXECUTOR);
		assertThat(stopped.lastEvent()).isEqualTo(Event.humanResponse("3 and 4"));
		this.executor.start();
		this.loop.retry(paused.id());
		assertThat(stored(paused.id()).lastEvent().intent()).isEqualTo("done_for_now");
	}

	@Test
	void anApprovalPastItsFirstDeadlineIsEscalatedOnce() {
		this.planner.then(divide(3, 4));
		AgentThread paused = launch("can you divide 3 by 4");
		Deadlines deadlines = deadlines(Duration.ZERO, null);

		deadlines.check();
		deadlines.check();

		assertThat(this.humans.escalations).containsExactly(paused.pending().callId());
		AgentThread escalated = stored(paused.id());
		assertThat(escalated.pending().escalation()).isEqualTo("sent");
		assertThat(escalated.status()).isEqualTo(ThreadStatus.AWAITING_APPROVAL);
	}

	@Test
	void anApprovalPastItsSecondDeadlineTellsTheModelNobodyApproved() {
		this.planner.then(divide(3, 4)).then(new DoneForNow("Nobody approved dividing 3 by 4."));
		AgentThread paused = launch("can you divide 3 by 4");

		deadlines(null, Duration.ZERO).check();

		AgentThread resumed = stored(paused.id());
		Event expiry = resumed.events().get(2);
		assertThat(expiry.type()).isEqualTo(Event.TOOL_RESPONSE);
		assertThat(expiry.data()).isEqualTo("the operation was not approved: no answer in time");
		assertThat(expiry.respondent().channel()).isEqualTo(Respondent.DEADLINE);
		assertThat(this.planner.seen.get(1).events()).contains(expiry);
		assertThat(resumed.lastEvent().intent()).isEqualTo("done_for_now");
	}

	@Test
	void aDoneForNowMessageHasNoDeadline() {
		this.planner.then(new DoneForNow("The result is 12."));
		AgentThread paused = launch("can you multiply 3 and 4");

		deadlines(Duration.ZERO, Duration.ZERO).check();

		assertThat(stored(paused.id())).isEqualTo(paused);
		assertThat(this.humans.escalations).isEmpty();
	}

	@Test
	void aQuestionPastItsDeadlineTellsTheModelNobodyAnswered() {
		this.planner.then(new RequestMoreInformation("Which numbers?")).then(new DoneForNow("I stopped."));
		AgentThread paused = launch("hello!");

		deadlines(null, Duration.ZERO).check();

		assertThat(stored(paused.id()).events().get(2).data()).isEqualTo("no answer in time");
	}

	@Test
	void withNoDeadlinesSetTheStoreIsNotScanned() {
		ThreadStore store = mock(ThreadStore.class);

		new Deadlines(store, this.loop, this.humans, new AgentProperties(20, 3, null,
				new AgentProperties.Deadlines(null, null, null, null, Duration.ofSeconds(1))))
			.check();

		verifyNoInteractions(store);
	}

	private Deadlines deadlines(Duration escalateAfter, Duration expireAfter) {
		return new Deadlines(this.threads, this.loop, this.humans,
				new AgentProperties(20, 3, null, new AgentProperties.Deadlines(escalateAfter, expireAfter,
						escalateAfter, expireAfter, Duration.ofSeconds(1))));
	}

	private AgentThread launch(String message) {
		AgentThread thread = this.threads.create(message);
		this.loop.start(thread.id());
		return stored(thread.id());
	}

	private AgentThread stored(UUID id) {
		return this.threads.find(id).orElseThrow();
	}

	private static Calculation divide(long a, long b) {
		return new Calculation(Intent.DIVIDE, BigDecimal.valueOf(a), BigDecimal.valueOf(b));
	}

}
