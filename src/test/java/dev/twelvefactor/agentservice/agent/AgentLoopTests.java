package dev.twelvefactor.agentservice.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.twelvefactor.agentservice.agent.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.ApprovalDecision;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Channel;
import dev.twelvefactor.agentservice.thread.CallNotPending;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.thread.Overloaded;
import dev.twelvefactor.agentservice.thread.ThreadNotFound;
import dev.twelvefactor.agentservice.thread.ThreadRunner.Resumption;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadProperties;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import dev.twelvefactor.agentservice.thread.ThreadStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.util.unit.DataSize;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link AgentLoop}, run synchronously with a scripted planner and a recording
 * stand-in for the humans.
 */
class AgentLoopTests {

	/** Where the model calls of every test run: daemon threads, made when needed. */
	static final ExecutorService MODEL_CALLS = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "test-model-call");
		thread.setDaemon(true);
		return thread;
	});

	private final ThreadStore threads = ThreadStores.inMemory();

	private final ScriptedPlanner planner = new ScriptedPlanner();

	private final RecordingHumans humans = new RecordingHumans(this.threads);

	private final AgentLoop loop = loop(properties(20));

	@Test
	void aCalculationRunsAtOnceAndDoneForNowWaitsForAHuman() {
		this.planner.then(multiply(3, 4)).then(new DoneForNow("3 times 4 is 12"));
		AgentThread thread = launch("can you multiply 3 and 4?");
		assertThat(thread.events()).containsExactly(Event.userInput("can you multiply 3 and 4?"),
				ran(Map.of("intent", "multiply", "a", number(3), "b", number(4))), Event.toolResponse(number(12)),
				Event.toolCall(Map.of("intent", "done_for_now", "message", "3 times 4 is 12")));
		assertThat(thread.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
		assertThat(this.humans.contacts).singleElement()
			.satisfies((contact) -> assertThat(contact.message()).isEqualTo("3 times 4 is 12"));
	}

	@Test
	void aHumanContactIsRecordedAsPendingBeforeItIsSent() {
		this.planner.then(new RequestMoreInformation("Which numbers?"));
		AgentThread thread = launch("hello!");
		Request contact = this.humans.contacts.get(0);
		assertThat(contact.threadId()).isEqualTo(thread.id());
		assertThat(contact.storedWhenSent().pending().callId()).isEqualTo(contact.callId());
		assertThat(contact.storedWhenSent().pending().kind()).isEqualTo(CallKind.HUMAN_CONTACT);
		assertThat(contact.storedWhenSent().status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
		assertThat(thread.pending().callId()).isEqualTo(contact.callId());
	}

	@Test
	void divideWaitsForApprovalOfTheFunctionWithItsArguments() {
		this.planner.then(divide(3, 4));
		AgentThread thread = launch("can you divide 3 by 4?");
		assertThat(thread.status()).isEqualTo(ThreadStatus.AWAITING_APPROVAL);
		assertThat(thread.lastEvent()).isEqualTo(asked(Map.of("intent", "divide", "a", number(3), "b", number(4))));
		Request approval = this.humans.approvals.get(0);
		assertThat(approval.function()).isEqualTo("divide");
		assertThat(approval.arguments()).isEqualTo(Map.of("a", number(3), "b", number(4)));
		assertThat(approval.storedWhenSent().pending().callId()).isEqualTo(approval.callId());
		assertThat(approval.storedWhenSent().pending().kind()).isEqualTo(CallKind.FUNCTION_CALL);
		assertThat(this.humans.contacts).isEmpty();
	}

	@Test
	void anApprovalRunsThePendingDivideAndTheLoopGoesOn() {
		this.planner.then(divide(3, 4)).then(new DoneForNow("3 divided by 4 is 0.75"));
		AgentThread paused = launch("can you divide 3 by 4?");
		Resumption outcome = this.loop.resume(paused.id(), new HumanAnswer.Approval(paused.pending().callId()));
		AgentThread thread = stored(paused.id());
		assertThat(outcome).isEqualTo(Resumption.APPLIED);
		assertThat(thread.events()).extracting(Event::type, Event::data)
			.endsWith(tuple("tool_response", new BigDecimal("0.75")),
					tuple("tool_call", Map.of("intent", "done_for_now", "message", "3 divided by 4 is 0.75")));
		assertThat(thread.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
	}

	@Test
	void aRejectionTellsTheModelTheFeedbackAndTheLoopGoesOn() {
		this.planner.then(divide(3, 4)).then(divide(3, 5));
		AgentThread paused = launch("can you divide 3 by 4?");
		this.loop.resume(paused.id(), new HumanAnswer.Rejection(paused.pending().callId(), "use 5 instead of 4"));
		AgentThread thread = stored(paused.id());
		assertThat(thread.events().subList(2, 4)).containsExactly(
				Event.toolResponse("user denied the operation with feedback: \"use 5 instead of 4\""),
				asked(Map.of("intent", "divide", "a", number(3), "b", number(5))));
		assertThat(thread.status()).isEqualTo(ThreadStatus.AWAITING_APPROVAL);
		assertThat(this.humans.approvals).hasSize(2);
		assertThat(this.humans.approvals.get(1).callId()).isNotEqualTo(paused.pending().callId());
	}

	@Test
	void aRejectionWithoutCommentSaysOnlyThatTheUserDenied() {
		this.planner.then(divide(3, 4)).then(new DoneForNow("I did not divide."));
		AgentThread paused = launch("can you divide 3 by 4?");
		this.loop.resume(paused.id(), new HumanAnswer.Rejection(paused.pending().callId(), ""));
		assertThat(stored(paused.id()).events().get(2)).isEqualTo(Event.toolResponse("user denied the operation"));
	}

	@Test
	void aReplyIsAppendedAsAHumanResponseAndTheLoopGoesOn() {
		this.planner.then(new RequestMoreInformation("Which numbers?"))
			.then(multiply(3, 12))
			.then(new DoneForNow("36"));
		AgentThread paused = launch("can you multiply 3 and FD*(#F&& ?");
		Resumption outcome = this.loop.resume(paused.id(),
				new HumanAnswer.Reply(paused.pending().callId(), "lets try 12 instead"));
		AgentThread thread = stored(paused.id());
		assertThat(outcome).isEqualTo(Resumption.APPLIED);
		assertThat(thread.events()).extracting(Event::type)
			.containsExactly("user_input", "tool_call", "human_response", "tool_call", "tool_response", "tool_call");
		assertThat(thread.events().get(2)).isEqualTo(Event.humanResponse("lets try 12 instead"));
		assertThat(this.planner.seen.get(1).lastEvent()).isEqualTo(Event.humanResponse("lets try 12 instead"));
	}

	@Test
	void aDuplicateAnswerChangesNothing() {
		this.planner.then(new RequestMoreInformation("Which numbers?")).then(new DoneForNow("Noted."));
		AgentThread paused = launch("hello!");
		HumanAnswer reply = new HumanAnswer.Reply(paused.pending().callId(), "3 and 4");
		this.loop.resume(paused.id(), reply);
		AgentThread afterFirst = stored(paused.id());
		Resumption outcome = this.loop.resume(paused.id(), reply);
		assertThat(outcome).isEqualTo(Resumption.DUPLICATE);
		assertThat(stored(paused.id())).isSameAs(afterFirst);
		assertThat(this.planner.seen).hasSize(2);
		assertThat(this.humans.contacts).hasSize(2);
	}

	@Test
	void anAnswerToAnotherCallIsRefused() {
		this.planner.then(new RequestMoreInformation("Which numbers?"));
		AgentThread paused = launch("hello!");
		assertThatExceptionOfType(CallNotPending.class)
			.isThrownBy(() -> this.loop.resume(paused.id(), new HumanAnswer.Reply("human_call-other", "3 and 4")))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("human_call-other")
				.contains(paused.pending().callId()))
			.satisfies((ex) -> assertThat(ex.waitingFor()).isEqualTo(paused.pending()));
		assertThat(stored(paused.id())).isSameAs(paused);
	}

	@Test
	void anAnswerOfTheOtherKindIsRefused() {
		this.planner.then(divide(3, 4));
		AgentThread paused = launch("can you divide 3 by 4?");
		assertThatExceptionOfType(CallNotPending.class)
			.isThrownBy(() -> this.loop.resume(paused.id(), new HumanAnswer.Reply(paused.pending().callId(), "ok")));
		assertThat(stored(paused.id())).isSameAs(paused);
	}

	@Test
	void anAnswerToARunningThreadIsRefused() {
		AgentThread running = this.threads.create("hello!");
		assertThatExceptionOfType(CallNotPending.class)
			.isThrownBy(() -> this.loop.resume(running.id(), new HumanAnswer.Approval("call-1")))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(ThreadStatus.RUNNING));
		assertThat(stored(running.id())).isSameAs(running);
	}

	@Test
	void anAnswerToAnUnknownThreadIsNotFound() {
		UUID unknown = UUID.randomUUID();
		assertThatExceptionOfType(ThreadNotFound.class)
			.isThrownBy(() -> this.loop.resume(unknown, new HumanAnswer.Approval("call-1")))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains(unknown.toString()));
	}

	@Test
	void aDivisionByZeroIsAnErrorWithoutAskingForApproval() {
		this.planner.then(divide(3, 0)).then(new DoneForNow("I cannot divide by zero."));
		AgentThread thread = launch("can you divide 3 by 0?");
		assertThat(thread.events().subList(1, 3)).containsExactly(
				asked(Map.of("intent", "divide", "a", number(3), "b", number(0))),
				Event.error("cannot divide 3 by zero"));
		assertThat(this.humans.approvals).isEmpty();
		assertThat(thread.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
	}

	@Test
	void anInvalidNextStepIsShownToTheModelAndTheLoopGoesOn() {
		this.planner.then(invalid("unknown intent \"power\"")).then(new DoneForNow("Done."));
		AgentThread thread = launch("hello!");
		assertThat(thread.events()).extracting(Event::type).containsExactly("user_input", "error", "tool_call");
		assertThat(thread.events().get(1)).isEqualTo(Event.error("unknown intent \"power\""));
		assertThat(this.planner.seen.get(1).lastEvent()).isEqualTo(Event.error("unknown intent \"power\""));
		assertThat(thread.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
	}

	@Test
	void threeInvalidStepsInARowFailTheThread() {
		this.planner.then(invalid("no JSON")).then(invalid("no JSON either")).then(invalid("still no JSON"));
		AgentThread thread = launch("hello!");
		assertThat(thread.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(thread.failure()).isEqualTo(
				new Failure("Stopped after 3 errors in a row; the last: still no JSON", Failure.Step.LOOP_LIMIT));
		assertThat(this.planner.seen).hasSize(3);
	}

	@Test
	void aModelThatNeverPausesIsStoppedAtTheStepCap() {
		AgentLoop capped = loop(properties(5));
		this.planner.always((thread) -> add(1, 1));
		AgentThread thread = this.threads.create("keep adding");
		capped.start(thread.id());
		AgentThread stopped = stored(thread.id());
		assertThat(stopped.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(stopped.failure())
			.isEqualTo(new Failure("Stopped after 5 steps without pausing for a human.", Failure.Step.LOOP_LIMIT));
		assertThat(stopped.events()).filteredOn((event) -> event.is(Event.TOOL_RESPONSE)).hasSize(5);
	}

	@Test
	void aThreadPastItsMaximumSizeFailsWithTheReasonAndStopsGrowing() {
		AgentLoop bounded = loop(this.threads, this.planner, this.humans, properties(20),
				new ThreadProperties(32768, 1000, DataSize.ofBytes(200),
						new ThreadProperties.Store(100_000, Duration.ofDays(30))),
				new LoopExecutor(new AgentProperties.Executor(100, 100, Duration.ofSeconds(1)), Duration.ZERO,
						DirectExecutor::new));
		this.planner.then(invalid("x".repeat(300)));
		AgentThread thread = this.threads.create("hello!");
		bounded.start(thread.id());
		AgentThread failed = stored(thread.id());
		assertThat(failed.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(failed.failure().step()).isEqualTo(Failure.Step.LOOP_LIMIT);
		assertThat(failed.failure().reason()).startsWith("The thread holds about 3")
			.endsWith(" bytes of events, more than its maximum of 200.");
		assertThat(failed.events()).hasSize(2);
		assertThat(this.planner.seen).hasSize(1);
	}

	@Test
	void aModelStepPastItsDeadlineFailsTheThreadWithTheReason() {
		CountDownLatch hung = new CountDownLatch(1);
		AgentLoop impatient = loop(this.threads, this.planner, this.humans,
				new AgentProperties(20, 3, Duration.ofMillis(100), null, null, null),
				new LoopExecutor(new AgentProperties.Executor(100, 100, Duration.ofSeconds(1)), Duration.ZERO,
						DirectExecutor::new));
		this.planner.then((thread) -> {
			await(hung);
			return new DoneForNow("too late");
		});
		AgentThread thread = this.threads.create("hello!");
		impatient.start(thread.id());
		hung.countDown();
		AgentThread failed = stored(thread.id());
		assertThat(failed.failure()).isEqualTo(new Failure(
				"The model could not decide the next step: no next step within PT0.1S (AGENT_LLM_STEP_TIMEOUT)",
				Failure.Step.MODEL));
		assertThat(failed.events()).hasSize(1);
	}

	@Test
	void aPlannerThatCannotBeReachedFailsTheThreadWithTheReason() {
		this.planner.then((thread) -> {
			throw new IllegalStateException("OpenAI answered 401");
		});
		AgentThread thread = launch("hello!");
		assertThat(thread.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(thread.failure()).isEqualTo(
				new Failure("The model could not decide the next step: OpenAI answered 401", Failure.Step.MODEL));
	}

	@Test
	void aContactThatCannotBeSentFailsTheThreadWithTheReason() {
		this.planner.then(new RequestMoreInformation("Which numbers?"));
		this.humans.failWith(new IllegalStateException("POST /contact_requests answered 503"));
		AgentThread thread = launch("hello!");
		assertThat(thread.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(thread.failure().step()).isEqualTo(Failure.Step.HUMAN_REQUEST);
		assertThat(thread.failure().reason()).isEqualTo("Could not reach a human for human_contact "
				+ thread.pending().callId() + ": POST /contact_requests answered 503");
	}

	@Test
	void anApprovalThatCannotBeRequestedFailsTheThreadWithTheReason() {
		this.planner.then(divide(3, 4));
		this.humans.failWith(new IllegalStateException("POST /function_calls answered 503"));
		AgentThread thread = launch("can you divide 3 by 4?");
		assertThat(thread.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(thread.failure().reason()).startsWith("Could not reach a human for function_call call-")
			.endsWith(": POST /function_calls answered 503");
	}

	@Test
	void aLaunchBeyondTheQueueIsRefusedWithoutTouchingTheThread() {
		ExecutorService idle = Executors.newSingleThreadExecutor();
		try {
			LoopExecutor full = new LoopExecutor(new AgentProperties.Executor(1, 0, Duration.ofSeconds(7)),
					Duration.ZERO, () -> idle);
			AgentLoop loop = loop(this.threads, this.planner, this.humans, properties(20), full);
			CountDownLatch release = new CountDownLatch(1);
			full.launch(UUID.randomUUID(), () -> await(release));
			AgentThread thread = this.threads.create("hello!");
			assertThatExceptionOfType(Overloaded.class).isThrownBy(() -> loop.start(thread.id()))
				.satisfies((ex) -> assertThat(ex.retryAfter()).hasSeconds(7));
			assertThat(stored(thread.id())).isEqualTo(thread);
			release.countDown();
		}
		finally {
			idle.shutdownNow();
		}
	}

	static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void anAnswerThatArrivesBeforeTheRequestReturnsIsTaken() {
		this.planner.then(new RequestMoreInformation("Which numbers?")).then(new DoneForNow("Noted."));
		this.humans.beforeReturning((request) -> {
			if (this.humans.contacts.size() == 1) {
				this.loop.resume(request.threadId(), new HumanAnswer.Reply(request.callId(), "3 and 4"));
			}
		});
		AgentThread thread = launch("hello!");
		assertThat(thread.events()).extracting(Event::type)
			.containsExactly("user_input", "tool_call", "human_response", "tool_call");
		assertThat(thread.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
	}

	@Test
	void aRequestThatFailsAfterItWasAnsweredDoesNotFailTheThread() {
		this.planner.then(divide(3, 4)).then(new DoneForNow("0.75"));
		this.humans.beforeReturning((request) -> {
			if ("divide".equals(request.function())) {
				this.loop.resume(request.threadId(), new HumanAnswer.Approval(request.callId()));
				throw new IllegalStateException("read timed out");
			}
		});
		AgentThread thread = launch("can you divide 3 by 4?");
		assertThat(thread.status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
		assertThat(thread.failure()).isNull();
		assertThat(thread.events()).contains(Event.toolResponse(new BigDecimal("0.75")));
	}

	@Test
	void concurrentCopiesOfAnAnswerAreAppliedOnce() throws Exception {
		this.planner.then(new RequestMoreInformation("Which numbers?")).then(new DoneForNow("Noted."));
		AgentThread paused = launch("hello!");
		HumanAnswer reply = new HumanAnswer.Reply(paused.pending().callId(), "3 and 4");
		int copies = 20;
		ExecutorService deliveries = Executors.newFixedThreadPool(copies);
		try {
			CountDownLatch ready = new CountDownLatch(copies);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Resumption>> outcomes = new ArrayList<>();
			for (int i = 0; i < copies; i++) {
				outcomes.add(deliveries.submit(() -> {
					ready.countDown();
					go.await();
					return this.loop.resume(paused.id(), reply);
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<Resumption> results = new ArrayList<>();
			for (Future<Resumption> outcome : outcomes) {
				results.add(outcome.get(10, TimeUnit.SECONDS));
			}
			assertThat(results).filteredOn(Resumption.APPLIED::equals).hasSize(1);
			assertThat(results).filteredOn(Resumption.DUPLICATE::equals).hasSize(copies - 1);
		}
		finally {
			deliveries.shutdownNow();
		}
		AgentThread thread = stored(paused.id());
		assertThat(thread.events()).filteredOn((event) -> event.is(Event.HUMAN_RESPONSE)).hasSize(1);
		assertThat(this.planner.seen).hasSize(2);
	}

	private AgentLoop loop(AgentProperties properties) {
		return loop(this.threads, this.planner, this.humans, properties, new LoopExecutor(
				new AgentProperties.Executor(100, 100, Duration.ofSeconds(1)), Duration.ZERO, DirectExecutor::new));
	}

	/**
	 * The loop's bounds, with the given most steps, three errors in a row and a step
	 * timeout no test reaches unless it means to.
	 */
	static AgentProperties properties(int maxSteps) {
		return new AgentProperties(maxSteps, 3, Duration.ofSeconds(30), null, null, null);
	}

	/**
	 * A loop as the application wires it, with default thread bounds and model calls on
	 * their own threads.
	 */
	static AgentLoop loop(ThreadStore threads, Planner planner, Humans humans, AgentProperties properties,
			LoopExecutor executor) {
		return loop(threads, planner, humans, properties, ThreadStores.limits(1000), executor);
	}

	static AgentLoop loop(ThreadStore threads, Planner planner, Humans humans, AgentProperties properties,
			ThreadProperties limits, LoopExecutor executor) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		return new AgentLoop(threads, new ModelStep(planner, properties.stepTimeout(), meters, MODEL_CALLS), humans,
				properties, limits, executor, meters, StepsFixtures.standard());
	}

	/**
	 * Launches a thread and runs its loop until it pauses or fails.
	 */
	private AgentThread launch(String message) {
		AgentThread thread = this.threads.create(message);
		this.loop.start(thread.id());
		return stored(thread.id());
	}

	private AgentThread stored(UUID id) {
		return this.threads.find(id).orElseThrow();
	}

	private static BigDecimal number(long value) {
		return BigDecimal.valueOf(value);
	}

	static NextStep add(long a, long b) {
		return new Calculation(Intent.ADD, number(a), number(b)).toStep();
	}

	private static NextStep multiply(long a, long b) {
		return new Calculation(Intent.MULTIPLY, number(a), number(b)).toStep();
	}

	private static NextStep divide(long a, long b) {
		return new Calculation(Intent.DIVIDE, number(a), number(b)).toStep();
	}

	/**
	 * The {@code tool_call} of a calculation that ran without asking, as no rule names
	 * it.
	 */
	static Event ran(Map<String, Object> data) {
		return Event.toolCall(data)
			.decided(new ApprovalDecision(ApprovalDecision.Decision.NOT_REQUIRED, null, "never"));
	}

	/**
	 * The {@code tool_call} of a divide, which the default policy sends for approval.
	 */
	static Event asked(Map<String, Object> data) {
		return Event.toolCall(data)
			.decided(new ApprovalDecision(ApprovalDecision.Decision.REQUIRED, "divide", "always"));
	}

	private static Function<AgentThread, NextStep> invalid(String reason) {
		return (thread) -> {
			throw new InvalidNextStep(reason);
		};
	}

	/**
	 * Answers with the queued steps in order, then with the fallback if there is one;
	 * remembers each thread it was shown.
	 */
	static final class ScriptedPlanner implements Planner {

		private final Deque<Function<AgentThread, NextStep>> script = new ConcurrentLinkedDeque<>();

		private volatile Function<AgentThread, NextStep> fallback;

		final List<AgentThread> seen = new CopyOnWriteArrayList<>();

		ScriptedPlanner then(NextStep step) {
			return then((thread) -> step);
		}

		ScriptedPlanner then(Function<AgentThread, NextStep> step) {
			this.script.add(step);
			return this;
		}

		void always(Function<AgentThread, NextStep> step) {
			this.fallback = step;
		}

		@Override
		public NextStep nextStep(AgentThread thread) {
			this.seen.add(thread);
			Function<AgentThread, NextStep> step = this.script.poll();
			if (step == null) {
				step = this.fallback;
			}
			if (step == null) {
				throw new AssertionError("The planner was asked more often than the test expected");
			}
			return step.apply(thread);
		}

		@Override
		public String describe() {
			return "scripted planner";
		}

	}

	/**
	 * Records every request and what the store held for the thread when it was sent.
	 */
	static final class RecordingHumans implements Humans {

		private final ThreadStore threads;

		private volatile RuntimeException failure;

		private volatile Consumer<Request> beforeReturning = (request) -> {
		};

		final List<Request> contacts = new CopyOnWriteArrayList<>();

		final List<Request> approvals = new CopyOnWriteArrayList<>();

		final List<String> escalations = new CopyOnWriteArrayList<>();

		/** The channel of each escalation, as {@link #escalations} lists them. */
		final List<Optional<Channel>> escalationChannels = new CopyOnWriteArrayList<>();

		/** The calls read back before a resend. */
		final List<String> readBacks = new CopyOnWriteArrayList<>();

		/** The calls the humans have, though sending them failed. */
		private final Set<String> arrived = ConcurrentHashMap.newKeySet();

		RecordingHumans(ThreadStore threads) {
			this.threads = threads;
		}

		void failWith(RuntimeException failure) {
			this.failure = failure;
		}

		/**
		 * Lets the failure set with {@link #failWith} strike on the way back: the humans
		 * keep each request, but the sender hears of no success.
		 */
		void keepWhatFails() {
			this.beforeReturning = (request) -> this.arrived.add(request.callId());
		}

		void beforeReturning(Consumer<Request> action) {
			this.beforeReturning = action;
		}

		@Override
		public void requestApproval(UUID threadId, String callId, ApprovalRequest approval) {
			Request request = new Request(threadId, callId, approval.function(), Map.copyOf(approval.arguments()), null,
					approval.channel(), storedNow(threadId));
			this.approvals.add(request);
			answer(request);
		}

		@Override
		public void contact(UUID threadId, String callId, String message, Channel channel) {
			Request request = new Request(threadId, callId, null, null, message, channel, storedNow(threadId));
			this.contacts.add(request);
			answer(request);
		}

		@Override
		public boolean received(UUID threadId, String callId, CallKind kind) {
			this.readBacks.add(callId);
			return this.arrived.contains(callId);
		}

		@Override
		public void escalate(String callId, CallKind kind, String message, Channel channel) {
			this.escalations.add(callId);
			this.escalationChannels.add(Optional.ofNullable(channel));
		}

		private AgentThread storedNow(UUID threadId) {
			return this.threads.find(threadId).orElseThrow();
		}

		private void answer(Request request) {
			this.beforeReturning.accept(request);
			if (this.failure != null) {
				throw this.failure;
			}
		}

	}

	record Request(UUID threadId, String callId, String function, Map<String, Object> arguments, String message,
			Channel channel, AgentThread storedWhenSent) {
	}

	/**
	 * Runs each loop on the calling thread, so a test sees its outcome when start or
	 * resume returns.
	 */
	static class DirectExecutor extends AbstractExecutorService {

		@Override
		public void execute(Runnable command) {
			command.run();
		}

		@Override
		public void shutdown() {
		}

		@Override
		public List<Runnable> shutdownNow() {
			return List.of();
		}

		@Override
		public boolean isShutdown() {
			return false;
		}

		@Override
		public boolean isTerminated() {
			return false;
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) {
			return true;
		}

	}

}
