package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.twelvefactor.agentservice.agent.AgentLoopTests.DirectExecutor;
import dev.twelvefactor.agentservice.agent.AgentLoopTests.RecordingHumans;
import dev.twelvefactor.agentservice.agent.AgentLoopTests.ScriptedPlanner;
import dev.twelvefactor.agentservice.agent.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Escalation;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.PendingCall;
import dev.twelvefactor.agentservice.thread.PendingCall.SentOn;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.Respondent;
import dev.twelvefactor.agentservice.thread.ThreadNotFailed;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import dev.twelvefactor.agentservice.thread.ThreadStores;
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

	/** A policy whose rule sends approvals of {@code divide} to a Slack channel. */
	private static final String DIVIDE_ON_SLACK = """
			divide:
			  when: always
			  channel: C0123ABCDEF
			""";

	private final ThreadStore threads = ThreadStores.inMemory();

	private final ScriptedPlanner planner = new ScriptedPlanner();

	private final RecordingHumans humans = new RecordingHumans(this.threads);

	private final LoopExecutor executor = new LoopExecutor(new AgentProperties.Executor(10, 10, Duration.ofSeconds(1)),
			Duration.ZERO, DirectExecutor::new);

	private final AgentLoop loop = AgentLoopTests.loop(this.threads, this.planner, this.humans,
			AgentLoopTests.properties(20), this.executor);

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
	void retryAfterASendThatArrivedThoughItFailedReadsTheCallBackAndDoesNotSendItAgain() {
		this.planner.then(new RequestMoreInformation("Which numbers?"));
		this.humans.keepWhatFails();
		this.humans.failWith(new IllegalStateException("POST /contact_requests failed: timeout"));
		AgentThread failed = launch("hello!");
		String callId = failed.pending().callId();
		assertThat(failed.failure().step()).isEqualTo(Failure.Step.HUMAN_REQUEST);
		this.humans.failWith(null);

		this.loop.retry(failed.id());

		AgentThread retried = stored(failed.id());
		assertThat(retried.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
		assertThat(retried.pending().callId()).isEqualTo(callId);
		assertThat(retried.pending().isSent()).isTrue();
		assertThat(this.humans.readBacks).containsExactly(callId);
		assertThat(this.humans.contacts).extracting(AgentLoopTests.Request::callId).containsExactly(callId);
	}

	@Test
	void aStepTheModelWasAskedForTwiceIsRecordedOnce() throws Exception {
		CountDownLatch firstAsked = new CountDownLatch(1);
		CountDownLatch secondRecorded = new CountDownLatch(1);
		CountDownLatch firstFinished = new CountDownLatch(1);
		this.planner.then((thread) -> {
			firstAsked.countDown();
			AgentLoopTests.await(secondRecorded);
			return AgentLoopTests.add(3, 4);
		}).then(AgentLoopTests.add(3, 4)).then((thread) -> {
			secondRecorded.countDown();
			AgentLoopTests.await(firstFinished);
			return new DoneForNow("3 plus 4 is 7");
		}).then(new DoneForNow("3 plus 4 is 7, again"));
		AgentThread thread = this.threads.create("can you add 3 and 4");
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
			this.loop.start(thread.id());
			firstFinished.countDown();
		}, AgentLoopTests.MODEL_CALLS);
		AgentLoopTests.await(firstAsked);

		this.loop.start(thread.id());
		first.get();

		AgentThread paused = stored(thread.id());
		assertThat(paused.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
		assertThat(paused.events()).extracting(Event::type)
			.containsExactly("user_input", "tool_call", "tool_response", "tool_call");
		assertThat(this.planner.seen).hasSize(3);
		assertThat(this.humans.contacts).extracting(AgentLoopTests.Request::message).containsExactly("3 plus 4 is 7");
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
	void retryAfterTheErrorLimitGivesTheLoopAFreshBudget() {
		this.planner.then(invalid("no JSON")).then(invalid("no JSON either")).then(invalid("still no JSON"));
		AgentThread failed = launch("hello!");
		assertThat(failed.failure().step()).isEqualTo(Failure.Step.LOOP_LIMIT);
		this.planner.then(invalid("once more no JSON")).then(new DoneForNow("Hello!"));

		this.loop.retry(failed.id());

		AgentThread retried = stored(failed.id());
		assertThat(retried.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
		assertThat(retried.events()).extracting(Event::type)
			.containsExactly("user_input", "error", "error", "error", "error", "tool_call");
	}

	@Test
	void aRetryResendsOnlyTheCallItWasAskedForWhenAnAnswerWonTheRace() {
		QueuedExecutor queue = new QueuedExecutor();
		LoopExecutor executor = new LoopExecutor(new AgentProperties.Executor(10, 10, Duration.ofSeconds(1)),
				Duration.ZERO, () -> queue);
		AgentLoop loop = AgentLoopTests.loop(this.threads, this.planner, this.humans, AgentLoopTests.properties(20),
				executor);
		this.planner.then(new RequestMoreInformation("Which numbers?")).then(new DoneForNow("Noted."));
		this.humans.failWith(new IllegalStateException("POST /contact_requests answered 503"));
		AgentThread thread = this.threads.create("hello!");
		loop.start(thread.id());
		queue.runAll();
		String failedCall = stored(thread.id()).pending().callId();
		this.humans.failWith(null);

		loop.retry(thread.id());
		loop.resume(thread.id(), new HumanAnswer.Reply(failedCall, "3 and 4"));
		queue.runNewestFirst();

		AgentThread after = stored(thread.id());
		assertThat(after.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
		assertThat(after.failure()).isNull();
		String doneForNowCall = after.pending().callId();
		assertThat(this.humans.contacts).extracting(AgentLoopTests.Request::callId)
			.containsExactly(failedCall, doneForNowCall);
	}

	@Test
	void anEscalationLeftSendingByAProcessThatStoppedIsSentAgain() {
		this.planner.then(divide(3, 4));
		AgentThread paused = launch("can you divide 3 by 4");
		this.threads.update(paused.id(), (thread) -> thread.escalated(Escalation.sending()));

		this.loop.recover(paused.id());
		deadlines(Duration.ZERO, null).check();

		assertThat(this.humans.escalations).containsExactly(paused.pending().callId());
		assertThat(stored(paused.id()).pending().escalation()).hasToString("sent");
	}

	@Test
	void aThreadThatOwesNoWorkIsLeftAsItIsByARecovery() {
		this.planner.then(divide(3, 4));
		AgentThread paused = launch("can you divide 3 by 4");

		this.loop.recover(paused.id());
		this.loop.recover(UUID.randomUUID());

		assertThat(stored(paused.id())).isEqualTo(paused);
		assertThat(this.humans.approvals).hasSize(1);
	}

	@Test
	void anEscalationWhoseClaimLostARaceIsNotSent() {
		this.planner.then(divide(3, 4));
		AgentThread paused = launch("can you divide 3 by 4");
		String callId = paused.pending().callId();
		ThreadStore conflicted = new ConflictingStore(this.threads, () -> this.threads.update(paused.id(),
				(thread) -> thread.resume(callId, List.of(Event.toolResponse(new BigDecimal("0.75"))))));

		new Deadlines(conflicted, this.loop, this.humans, StepsFixtures.standard(),
				new AgentProperties(20, 3, Duration.ofSeconds(30), null,
						new AgentProperties.Deadlines(Duration.ZERO, null, Duration.ZERO, null, Duration.ofSeconds(1)),
						null))
			.check();

		assertThat(this.humans.escalations).isEmpty();
		assertThat(stored(paused.id()).status()).isEqualTo(ThreadStatus.RUNNING);
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
		assertThat(escalated.pending().escalation()).hasToString("sent");
		assertThat(escalated.status()).isEqualTo(ThreadStatus.AWAITING_APPROVAL);
	}

	@Test
	void anApprovalIsEscalatedOnTheChannelItWasSentOnThoughThePolicyNowNamesAnother() {
		this.planner.then(divide(3, 4));
		AgentThread paused = launch("can you divide 3 by 4");
		assertThat(paused.pending().sentOn()).as("sent on the default channel").isEqualTo(new SentOn(null));
		Steps changedPolicy = StepsFixtures.withPolicy(DIVIDE_ON_SLACK);

		deadlines(changedPolicy, Duration.ZERO, null).check();

		assertThat(this.humans.escalations).containsExactly(paused.pending().callId());
		assertThat(this.humans.escalationChannels).as("the default channel, where the approval went")
			.containsExactly(Optional.empty());
	}

	@Test
	void anApprovalStoredWithoutItsChannelIsEscalatedWhereThePolicyNowSays() {
		this.planner.then(divide(3, 4));
		AgentThread paused = launch("can you divide 3 by 4");
		this.threads.update(paused.id(), (thread) -> thread.requestSent(thread.pending().sentAt(), null));
		Steps changedPolicy = StepsFixtures.withPolicy(DIVIDE_ON_SLACK);

		deadlines(changedPolicy, Duration.ZERO, null).check();

		assertThat(this.humans.escalationChannels)
			.extracting((channel) -> channel.orElseThrow().slack().channelOrUserId())
			.containsExactly("C0123ABCDEF");
	}

	@Test
	void aRequestNotYetSentIsNeitherEscalatedNorExpiredAndItsDeadlinesCountFromWhenItIs() {
		AgentThread launched = this.threads.create("can you divide 3 by 4");
		Event divide = Event
			.toolCall(Map.of("intent", "divide", "a", BigDecimal.valueOf(3), "b", BigDecimal.valueOf(4)));
		AgentThread unsent = this.threads
			.update(launched.id(),
					(thread) -> thread.pause(new PendingCall("call-on-its-way", CallKind.FUNCTION_CALL),
							List.of(divide)))
			.orElseThrow();
		Deadlines deadlines = deadlines(Duration.ZERO, Duration.ofDays(1));

		deadlines.check();

		assertThat(this.humans.escalations).isEmpty();
		assertThat(stored(unsent.id())).isEqualTo(unsent);

		this.threads.update(unsent.id(), (thread) -> thread.requestSent(Instant.now(), null));
		deadlines.check();

		assertThat(this.humans.escalations).containsExactly("call-on-its-way");
		assertThat(stored(unsent.id()).status()).isEqualTo(ThreadStatus.AWAITING_APPROVAL);
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

		new Deadlines(store, this.loop, this.humans, StepsFixtures.standard(),
				new AgentProperties(20, 3, Duration.ofSeconds(30), null,
						new AgentProperties.Deadlines(null, null, null, null, Duration.ofSeconds(1)), null))
			.check();

		verifyNoInteractions(store);
	}

	private Deadlines deadlines(Duration escalateAfter, Duration expireAfter) {
		return deadlines(StepsFixtures.standard(), escalateAfter, expireAfter);
	}

	private Deadlines deadlines(Steps steps, Duration escalateAfter, Duration expireAfter) {
		return new Deadlines(this.threads, this.loop, this.humans, steps,
				new AgentProperties(20, 3, Duration.ofSeconds(30), null, new AgentProperties.Deadlines(escalateAfter,
						expireAfter, escalateAfter, expireAfter, Duration.ofSeconds(1)), null));
	}

	private AgentThread launch(String message) {
		AgentThread thread = this.threads.create(message);
		this.loop.start(thread.id());
		return stored(thread.id());
	}

	private AgentThread stored(UUID id) {
		return this.threads.find(id).orElseThrow();
	}

	private static NextStep divide(long a, long b) {
		return new Calculation(Intent.DIVIDE, BigDecimal.valueOf(a), BigDecimal.valueOf(b)).toStep();
	}

	private static Function<AgentThread, NextStep> invalid(String reason) {
		return (thread) -> {
			throw new InvalidNextStep(reason);
		};
	}

	/**
	 * Holds the work handed to it until the test runs it, in the order the test chooses.
	 */
	static final class QueuedExecutor extends DirectExecutor {

		private final Deque<Runnable> queued = new ArrayDeque<>();

		@Override
		public void execute(Runnable command) {
			this.queued.add(command);
		}

		void runAll() {
			while (!this.queued.isEmpty()) {
				this.queued.pollFirst().run();
			}
		}

		void runNewestFirst() {
			while (!this.queued.isEmpty()) {
				this.queued.pollLast().run();
			}
		}

	}

	/**
	 * A store that, like one with optimistic locking, runs each change twice: once on the
	 * thread as read, then, after another writer changed it, on the thread as it is now,
	 * keeping only the second result.
	 */
	static final class ConflictingStore extends ForwardingThreadStore {

		private Runnable otherWriter;

		ConflictingStore(ThreadStore store, Runnable otherWriter) {
			super(store);
			this.otherWriter = otherWriter;
		}

		@Override
		public Optional<AgentThread> update(UUID id, UnaryOperator<AgentThread> change) {
			Optional<AgentThread> read = this.store.find(id);
			read.ifPresent(change::apply);
			if (this.otherWriter != null) {
				this.otherWriter.run();
				this.otherWriter = null;
			}
			return this.store.update(id, change);
		}

	}

}
