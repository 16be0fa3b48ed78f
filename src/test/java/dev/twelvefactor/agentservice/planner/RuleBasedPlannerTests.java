package dev.twelvefactor.agentservice.planner;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link RuleBasedPlanner}.
 */
class RuleBasedPlannerTests {

	private final RuleBasedPlanner planner = new RuleBasedPlanner();

	// The prompt tests of the reference (agent-protocol.md)

	@Test
	void asksWhatToCalculateWhenGreeted() {
		NextStep next = next(thread("hello!"));
		assertThat(next).isInstanceOf(RequestMoreInformation.class);
		assertThat(message(next)).contains("add, subtract, multiply and divide").contains("calculate?");
	}

	@Test
	void multipliesTheTwoNumbersItIsAskedFor() {
		assertCalculation(next(thread("can you multiply 3 and 4?")), Intent.MULTIPLY, "3", "4");
	}

	@Test
	void isDoneWithTheResultWhenEveryStepOfAChainRan() {
		AgentThread thread = thread(
				"can you multiply 3 and 4, then divide the result by 2 and then add 12 to that result?",
				call(Intent.MULTIPLY, "3", "4"), result("12"), call(Intent.DIVIDE, "12", "2"), result("6"),
				call(Intent.ADD, "6", "12"), result("18"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(DoneForNow.class);
		assertThat(message(next)).contains("18").isEqualTo("3 * 4 = 12, 12 / 2 = 6, 6 + 12 = 18. The result is 18.");
	}

	@Test
	void asksWhichNumberToUseForAnOperandThatIsNoNumber() {
		NextStep next = next(thread("can you multiply 3 and fe1iiaff10"));
		assertThat(next).isInstanceOf(RequestMoreInformation.class);
		assertThat(message(next)).contains("\"fe1iiaff10\"").contains("Which number should I multiply 3 by?");
	}

	@Test
	void usesTheNumberAHumanGivesForAnUnreadableOperand() {
		AgentThread thread = thread("can you multiply 3 and FD*(#F&& ?",
				ask("I could not read \"FD*(#F&&\" as a number. Which number should I multiply 3 by?"),
				Event.humanResponse("lets try 12 instead"));
		assertCalculation(next(thread), Intent.MULTIPLY, "3", "12");
	}

	// Reading requests

	@ParameterizedTest(name = "{0} -> {1}({2}, {3})")
	@CsvSource(delimiter = '|', textBlock = """
			add 3 and 4                         | ADD      | 3    | 4
			what is 3 plus 4?                   | ADD      | 3    | 4
			the sum of 3 and 4                  | ADD      | 3    | 4
			add 3 to 4                          | ADD      | 4    | 3
			10 minus 3                          | SUBTRACT | 10   | 3
			multiply 3 by 4                     | MULTIPLY | 3    | 4
			3 times 4                           | MULTIPLY | 3    | 4
			what is 3 multiplied by 4?          | MULTIPLY | 3    | 4
			Multiply 3 And 4?                   | MULTIPLY | 3    | 4
			divide 3 by 4                       | DIVIDE   | 3    | 4
			multiply 2.5 and -3                 | MULTIPLY | 2.5  | -3
			can you add 3 and 4 for me, please? | ADD      | 3    | 4
			add 1,000 and 0.5                   | ADD      | 1000 | 0.5
			multiply 3, 4                       | MULTIPLY | 3    | 4
			""")
	void readsTheOperationAndItsOperands(String request, Intent intent, String a, String b) {
		assertCalculation(next(thread(request)), intent, a, b);
	}

	@Test
	void subtractsTheFirstNumberFromTheNumberAfterFrom() {
		assertCalculation(next(thread("subtract 3 from 10")), Intent.SUBTRACT, "10", "3");
	}

	@Test
	void dividesTheNumberBeforeDividedByByTheNumberAfter() {
		assertCalculation(next(thread("3 divided by 4")), Intent.DIVIDE, "3", "4");
	}

	@Test
	void readsDecimalsAndNegativeNumbers() {
		assertCalculation(next(thread("add 2.5 and -3")), Intent.ADD, "2.5", "-3");
	}

	@Test
	void continuesAChainWithTheResultOfThePreviousStep() {
		AgentThread thread = thread("add 3 and 4, then multiply the result by 2", call(Intent.ADD, "3", "4"),
				result("7"));
		assertCalculation(next(thread), Intent.MULTIPLY, "7", "2");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "add 3 and 4 then subtract 2", "add 3 and 4 and then subtract 2",
			"add 3 and 4, then subtract 2 from it", "add 3 and 4, then 7 minus 2", "add 3 and 4. Then subtract 2." })
	void readsEachWayOfChainingSteps(String request) {
		AgentThread thread = thread(request, call(Intent.ADD, "3", "4"), result("7"));
		assertCalculation(next(thread), Intent.SUBTRACT, "7", "2");
	}

	@Test
	void addsToTheResultWhenANumberIsAddedToThatResult() {
		AgentThread thread = thread("multiply 3 and 4, then add 12 to that result", call(Intent.MULTIPLY, "3", "4"),
				result("12"));
		assertCalculation(next(thread), Intent.ADD, "12", "12");
	}

	@Test
	void asksForTheNumbersWhenAnOperationHasNone() {
		NextStep next = next(thread("multiply these"));
		assertThat(next).isInstanceOf(RequestMoreInformation.class);
		assertThat(message(next)).isEqualTo("Which two numbers should I multiply?");
	}

	@Test
	void asksForTheFirstNumberWhenTheResultIsMeantBeforeThereIsOne() {
		NextStep next = next(thread("divide the result by 2"));
		assertThat(message(next))
			.isEqualTo("There is no earlier result to use yet. Which number should I divide by 2?");
	}

	@Test
	void summarizesDecimalResultsPlainly() {
		AgentThread thread = thread("divide 3 by 5", call(Intent.DIVIDE, "3", "5"), result("0.60"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(DoneForNow.class);
		assertThat(message(next)).isEqualTo("3 / 5 = 0.6. The result is 0.6.");
	}

	@Test
	void readsResultsStoredAsOtherNumbersOrAsText() {
		AgentThread thread = thread("add 1 and 2, then add 3 to that, then add 0.5", call(Intent.ADD, "1", "2"),
				new Event(Event.TOOL_RESPONSE, 3), call(Intent.ADD, "3", "3"), new Event(Event.TOOL_RESPONSE, "6"),
				call(Intent.ADD, "6", "0.5"), new Event(Event.TOOL_RESPONSE, 6.5d));
		assertThat(message(next(thread))).isEqualTo("1 + 2 = 3, 3 + 3 = 6, 6 + 0.5 = 6.5. The result is 6.5.");
	}

	// Approvals of divide

	@Test
	void proposesTheDivideItIsAskedFor() {
		assertCalculation(next(thread("can you divide 3 by 4?")), Intent.DIVIDE, "3", "4");
	}

	@Test
	void proposesTheCorrectedDivideAfterARejectionWithANewNumber() {
		AgentThread thread = thread("can you divide 3 by 4?", call(Intent.DIVIDE, "3", "4"),
				denied("use 5 instead of 4"));
		assertCalculation(next(thread), Intent.DIVIDE, "3", "5");
	}

	@Test
	void replacesTheDivisorWhenARejectionGivesOneNumber() {
		AgentThread thread = thread("divide 3 by 4", call(Intent.DIVIDE, "3", "4"), denied("use 5"));
		assertCalculation(next(thread), Intent.DIVIDE, "3", "5");
	}

	@Test
	void isDoneAfterTheCorrectedDivideRan() {
		AgentThread thread = thread("can you divide 3 by 4?", call(Intent.DIVIDE, "3", "4"),
				denied("use 5 instead of 4"), call(Intent.DIVIDE, "3", "5"), result("0.6"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(DoneForNow.class);
		assertThat(message(next)).contains("0.6").isEqualTo("3 / 5 = 0.6. The result is 0.6.");
	}

	@Test
	void asksWhatToDoInsteadWhenARejectionHasNoNumber() {
		AgentThread thread = thread("divide 3 by 4", call(Intent.DIVIDE, "3", "4"), denied("no way"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(RequestMoreInformation.class);
		assertThat(message(next))
			.startsWith("You rejected 3 / 4 with the comment \"no way\". What should I do instead?");
	}

	@Test
	void asksWhatToDoInsteadWhenARejectionHasNoComment() {
		AgentThread thread = thread("divide 3 by 4", call(Intent.DIVIDE, "3", "4"),
				Event.toolResponse("user denied the operation"));
		assertThat(message(next(thread))).startsWith("You rejected 3 / 4. What should I do instead?");
	}

	@Test
	void neverProposesARejectedCallAgain() {
		AgentThread thread = thread("divide 3 by 4", call(Intent.DIVIDE, "3", "4"), denied("use 5 instead of 4"),
				call(Intent.DIVIDE, "3", "5"), denied("use 4"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(RequestMoreInformation.class);
		assertThat(message(next)).startsWith("You already rejected 3 / 4.");
	}

	@Test
	void takesTheNumberOfAnAnswerToTheQuestionAboutARejection() {
		AgentThread thread = thread("divide 3 by 4", call(Intent.DIVIDE, "3", "4"), denied("no"),
				ask("You rejected 3 / 4 with the comment \"no\". What should I do instead?"),
				Event.humanResponse("use 5"));
		assertCalculation(next(thread), Intent.DIVIDE, "3", "5");
	}

	@Test
	void followsARejectionThatAsksForAnotherCalculation() {
		AgentThread thread = thread("divide 3 by 4", call(Intent.DIVIDE, "3", "4"), denied("multiply 3 and 4 instead"));
		assertCalculation(next(thread), Intent.MULTIPLY, "3", "4");
	}

	@Test
	void asksWhetherToTryAgainWhenNobodyApprovedADivideInTime() {
		AgentThread thread = thread("divide 3 by 4", call(Intent.DIVIDE, "3", "4"),
				Event.toolResponse("the operation was not approved: no answer in time"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(RequestMoreInformation.class);
		assertThat(message(next)).isEqualTo("Nobody approved 3 / 4 in time, so it did not run. "
				+ "Should I ask again (reply \"divide 3 by 4\"), or calculate something else?");
	}

	@Test
	void proposesADivideNobodyApprovedInTimeAgainWhenAskedTo() {
		AgentThread thread = thread("divide 3 by 4", call(Intent.DIVIDE, "3", "4"),
				Event.toolResponse("the operation was not approved: no answer in time"),
				ask("Nobody approved 3 / 4 in time, so it did not run. Should I ask again?"),
				Event.humanResponse("divide 3 by 4"));
		assertCalculation(next(thread), Intent.DIVIDE, "3", "4");
	}

	@Test
	void stopsForNowWhenNobodyAnsweredItsQuestionInTime() {
		AgentThread thread = thread("can you multiply 3 and fe1iiaff10",
				ask("I could not read \"fe1iiaff10\" as a number. Which number should I use?"),
				Event.toolResponse("no answer in time"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(DoneForNow.class);
		assertThat(message(next))
			.isEqualTo("Nobody answered my question in time, so I stopped here. Reply to this message to go on.");
	}

	@Test
	void goesOnWithAReplyAfterStoppingForAnUnansweredQuestion() {
		AgentThread thread = thread("can you multiply 3 and fe1iiaff10",
				ask("I could not read \"fe1iiaff10\" as a number. Which number should I use?"),
				Event.toolResponse("no answer in time"),
				Event.toolCall(new DoneForNow("Nobody answered my question in time.").toData()),
				Event.humanResponse("multiply 3 and 12"));
		assertCalculation(next(thread), Intent.MULTIPLY, "3", "12");
	}

	// Errors

	@Test
	void asksWhichNumberToUseWhenACalculationFailed() {
		AgentThread thread = thread("divide 3 by 0", call(Intent.DIVIDE, "3", "0"),
				Event.error("cannot divide 3 by zero"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(RequestMoreInformation.class);
		assertThat(message(next)).contains("\"cannot divide 3 by zero\"")
			.contains("Which number should I use instead?");
	}

	@Test
	void replacesTheDivisorWithTheNumberGivenAfterAnError() {
		AgentThread thread = thread("divide 3 by 0", call(Intent.DIVIDE, "3", "0"),
				Event.error("cannot divide 3 by zero"), ask("Which number should I use instead?"),
				Event.humanResponse("use 5"));
		assertCalculation(next(thread), Intent.DIVIDE, "3", "5");
	}

	// Answers to questions

	@Test
	void fillsTheMissingNumberWithTheOneInTheAnswer() {
		AgentThread thread = thread("multiply 3 and something", ask("Which number should I multiply 3 by?"),
				Event.humanResponse("use 8"));
		assertCalculation(next(thread), Intent.MULTIPLY, "3", "8");
	}

	@Test
	void fillsBothMissingNumbersInOrder() {
		AgentThread thread = thread("multiply these", ask("Which two numbers should I multiply?"),
				Event.humanResponse("3 and 4"));
		assertCalculation(next(thread), Intent.MULTIPLY, "3", "4");
	}

	@Test
	void replacesTheOperandAnAnswerNames() {
		AgentThread thread = thread("divide 3 by 0", call(Intent.DIVIDE, "3", "0"),
				Event.error("cannot divide 3 by zero"), ask("Which number should I use instead?"),
				Event.humanResponse("use 5 instead of 3"));
		assertCalculation(next(thread), Intent.DIVIDE, "5", "0");
	}

	@Test
	void takesAnAnswerThatIsAFullRequestAsTheNewPlan() {
		AgentThread thread = thread("multiply 3 and fe1", ask("Which number should I multiply 3 by?"),
				Event.humanResponse("add 2 and 2"));
		assertCalculation(next(thread), Intent.ADD, "2", "2");
	}

	@Test
	void asksAgainWhenAnAnswerHasNoNumber() {
		AgentThread thread = thread("multiply 3 and fe1", ask("Which number should I multiply 3 by?"),
				Event.humanResponse("I don't know"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(RequestMoreInformation.class);
		assertThat(message(next))
			.isEqualTo("I could not find a number in \"I don't know\". I could not read \"fe1\" as a number. "
					+ "Which number should I multiply 3 by?");
	}

	@Test
	void startsOverWhenAGreetingIsAnsweredWithARequest() {
		AgentThread thread = thread("hello!", ask(Wording.CAPABILITIES), Event.humanResponse("3 times 4"));
		assertCalculation(next(thread), Intent.MULTIPLY, "3", "4");
	}

	// Replies to done_for_now

	@Test
	void takesAReplyToDoneForNowAsANewRequestOnThePreviousResult() {
		AgentThread thread = thread("multiply 3 and 4", call(Intent.MULTIPLY, "3", "4"), result("12"),
				done("3 * 4 = 12. The result is 12."), Event.humanResponse("now add 5 to that"));
		assertCalculation(next(thread), Intent.ADD, "12", "5");
	}

	@Test
	void addsToThePreviousResultWhenAReplyToDoneForNowSaysOnlyAdd5() {
		AgentThread thread = thread("multiply 3 and 4", call(Intent.MULTIPLY, "3", "4"), result("12"),
				done("3 * 4 = 12. The result is 12."), Event.humanResponse("add 5"));
		assertCalculation(next(thread), Intent.ADD, "12", "5");
	}

	@Test
	void summarizesOnlyTheStepsSinceTheLastReply() {
		AgentThread thread = thread("multiply 3 and 4", call(Intent.MULTIPLY, "3", "4"), result("12"),
				done("3 * 4 = 12. The result is 12."), Event.humanResponse("add 5"), call(Intent.ADD, "12", "5"),
				result("17"));
		assertThat(message(next(thread))).isEqualTo("12 + 5 = 17. The result is 17.");
	}

	@Test
	void asksWhatElseToCalculateWhenAReplyToDoneForNowHasNoArithmetic() {
		AgentThread thread = thread("multiply 3 and 4", call(Intent.MULTIPLY, "3", "4"), result("12"),
				done("3 * 4 = 12. The result is 12."), Event.humanResponse("thanks!"));
		NextStep next = next(thread);
		assertThat(next).isInstanceOf(RequestMoreInformation.class);
		assertThat(message(next)).isEqualTo(
				"The last result is 12. What else should I calculate? I can add, subtract, multiply and divide.");
	}

	// Robustness

	@Test
	void ignoresEventsItDoesNotKnowAndToolCallsItCannotRead() {
		Map<String, Object> incomplete = new LinkedHashMap<>();
		incomplete.put("intent", "divide");
		incomplete.put("a", "three");
		AgentThread thread = thread("multiply 3 and 4", new Event("something_new", Map.of("x", 1)),
				Event.toolCall(incomplete), Event.toolCall(Map.of("intent", "fly")), new Event(Event.TOOL_CALL, "text"),
				new Event(Event.ERROR, null));
		assertCalculation(next(thread), Intent.MULTIPLY, "3", "4");
	}

	@Test
	void keepsAskingAboutAFailedCalculationAfterAnEventItDoesNotKnow() {
		AgentThread thread = thread("divide 3 by 0", call(Intent.DIVIDE, "3", "0"),
				Event.error("cannot divide 3 by zero"), new Event("audit", "noted"));
		assertThat(next(thread)).isInstanceOf(RequestMoreInformation.class);
	}

	@Test
	void neverThrowsOnArbitraryThreads() {
		Random random = new Random(12);
		for (int i = 0; i < 2000; i++) {
			AgentThread thread = thread(pick(random, TEXTS), randomEvents(random));
			assertThatNoException().as("thread %s", thread.events()).isThrownBy(() -> this.planner.nextStep(thread));
		}
	}

	@Test
	void readsTheLongestMessageTheServiceAcceptsQuickly() {
		String spaces = " ".repeat(32_000);
		String words = "and then, ".repeat(3_200);
		String operands = "multiply " + "3 and ".repeat(5_000) + "4";
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			for (String message : List.of(spaces, "add" + spaces + "3" + spaces + "then", words, operands)) {
				this.planner.nextStep(thread(message));
			}
		});
	}

	@Test
	void decidesTheSameWayEveryTime() {
		AgentThread thread = thread("divide 3 by 4", call(Intent.DIVIDE, "3", "4"), denied("use 5 instead of 4"));
		assertThat(next(thread)).isEqualTo(next(thread));
	}

	@Test
	void describesItself() {
		assertThat(this.planner.describe()).isEqualTo("offline rule-based planner");
	}

	private static final String[] TEXTS = { "hello!", "multiply 3 and 4", "add 5", "divide the result by 0",
			"use 5 instead of 4", "3 and 4", "then", "", " ", "subtract from", "divide by", "add to", "plus",
			"FD*(#F&& times 4,000.5", "use 4 instead of", "instead of 4", "multiply 3 by 4 then minus then times",
			"user denied the operation with feedback: \"use 5\"", "user denied the operation with feedback: \"",
			"user denied the operation:", "12", "-0.0" };

	private static List<Event> randomEvents(Random random) {
		List<Event> events = new ArrayList<>();
		int count = random.nextInt(8);
		for (int i = 0; i < count; i++) {
			events.add(switch (random.nextInt(8)) {
				case 0 -> call(pick(random, Intent.values()), "3", pick(random, new String[] { "0", "4", "-2.5" }));
				case 1 -> ask("?");
				case 2 -> done("done");
				case 3 -> Event.toolResponse(new BigDecimal(random.nextInt(5)));
				case 4 -> Event.toolResponse(pick(random, TEXTS));
				case 5 -> Event.humanResponse(pick(random, TEXTS));
				case 6 -> Event.error(pick(random, TEXTS));
				default -> new Event(pick(random, new String[] { Event.TOOL_CALL, Event.TOOL_RESPONSE, "other" }),
						pick(random, new Object[] { null, 1.5f, Map.of(), List.of(), Map.of("intent", "add") }));
			});
		}
		return events;
	}

	private static <T> T pick(Random random, T[] values) {
		return values[random.nextInt(values.length)];
	}

	private NextStep next(AgentThread thread) {
		return this.planner.nextStep(thread);
	}

	private static AgentThread thread(String message, Event... events) {
		return thread(message, Arrays.asList(events));
	}

	private static AgentThread thread(String message, List<Event> events) {
		return AgentThread.launch(UUID.randomUUID(), message).append(events);
	}

	private static Event call(Intent intent, String a, String b) {
		if (intent == Intent.REQUEST_MORE_INFORMATION || intent == Intent.DONE_FOR_NOW) {
			return Event.toolCall(Map.of("intent", intent.wireName(), "message", a));
		}
		return Event.toolCall(new Calculation(intent, new BigDecimal(a), new BigDecimal(b)).toStep().toData());
	}

	private static Event result(String value) {
		return Event.toolResponse(new BigDecimal(value));
	}

	private static Event ask(String question) {
		return Event.toolCall(new RequestMoreInformation(question).toData());
	}

	private static Event done(String message) {
		return Event.toolCall(new DoneForNow(message).toData());
	}

	private static Event denied(String comment) {
		return Event.toolResponse("user denied the operation with feedback: \"" + comment + "\"");
	}

	private static String message(NextStep next) {
		if (next instanceof RequestMoreInformation question) {
			return question.message();
		}
		return (next instanceof DoneForNow done) ? done.message() : String.valueOf(next);
	}

	private static void assertCalculation(NextStep next, Intent intent, String a, String b) {
		Calculation calculation = Calculation.of(next).orElseThrow();
		assertThat(calculation.intent()).isEqualTo(intent);
		assertThat(calculation.a()).isEqualByComparingTo(a);
		assertThat(calculation.b()).isEqualByComparingTo(b);
	}

}
