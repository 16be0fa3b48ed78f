package dev.twelvefactor.agentservice.llm;

import java.math.BigDecimal;
import java.util.stream.Stream;

import dev.twelvefactor.agentservice.agent.InvalidNextStep;
import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.StepsFixtures;
import dev.twelvefactor.agentservice.agent.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link ReplyParser}: replies in the shapes real models send, good and bad.
 */
class ReplyParserTests {

	private final ReplyParser parser = new ReplyParser(StepsFixtures.standard());

	@ParameterizedTest(name = "{0}")
	@MethodSource("goodReplies")
	void aReplyThatHoldsAValidStepGivesThatStep(String shape, String reply, NextStep expected) {
		assertThat(this.parser.parse(reply)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badReplies")
	void aReplyThatHoldsNoValidStepIsExplainedForTheModel(String shape, String reply, String explanation) {
		assertThatExceptionOfType(InvalidNextStep.class).isThrownBy(() -> this.parser.parse(reply))
			.withMessageContaining(explanation);
	}

	static Stream<Arguments> goodReplies() {
		return Stream.of(arguments("bare JSON", """
				{"intent": "multiply", "a": 3, "b": 4}""", multiply(3, 4)), arguments("reasoning before the JSON", """
				The user wants 3 times 4, so I should call the multiply tool first.

				{"intent": "multiply", "a": 3, "b": 4}""", multiply(3, 4)),
				arguments("a json code fence after reasoning", """
						Let me think. The product is what the user asked for.

						```json
						{
						  "intent": "multiply",
						  "a": 3,
						  "b": 4
						}
						```""", multiply(3, 4)), arguments("a code fence without a language", """
						```
						{"intent": "divide", "a": 12, "b": 2}
						```""", calculation(Intent.DIVIDE, "12", "2")), arguments("a trailing comma", """
						{
						  "intent": "add",
						  "a": 6,
						  "b": 12,
						}""", calculation(Intent.ADD, "6", "12")), arguments("numbers given as strings", """
						{"intent": "subtract", "a": "10", "b": " 2.5 "}""", calculation(Intent.SUBTRACT, "10", "2.5")),
				arguments("extra fields", """
						{"intent": "multiply", "a": 3, "b": 4, "reason": "the user asked", "confidence": 0.9}""",
						multiply(3, 4)),
				arguments("the strict schema's wrapper with reasoning",
						"""
								{"reasoning": "The user asked for a product.", "next_step": {"intent": "multiply", "a": 3, "b": 4}}""",
						multiply(3, 4)),
				arguments("another wrapping object", """
						{"tool_call": {"intent": "request_more_information", "message": "Which number?"}}""",
						new RequestMoreInformation("Which number?")),
				arguments("comments copied from the output format", """
						{
						  "intent": "multiply",
						  "a": 3, // the first operand
						  "b": 4 // the second operand
						}""", multiply(3, 4)),
				arguments("an intent in another case and with spaces", """
						{"intent": "Request More Information", "message": "What is fe1iiaff10?"}""",
						new RequestMoreInformation("What is fe1iiaff10?")),
				arguments("a raw line break inside a string",
						"{\"intent\": \"done_for_now\", \"message\": " + "\"3 * 4 = 12\n12 / 2 = 6\"}",
						new DoneForNow("3 * 4 = 12\n12 / 2 = 6")),
				arguments("single quotes as in a Python dict", """
						{'intent': 'done_for_now', 'message': "I'm done: the result is 18."}""",
						new DoneForNow("I'm done: the result is 18.")),
				arguments("an array holding the object", """
						[{"intent": "multiply", "a": 3, "b": 12}]""", multiply(3, 12)),
				arguments("braces in prose before the JSON", """
						The expression {3 * 4} comes first, then I divide.
						{"intent": "multiply", "a": 3, "b": 4}""", multiply(3, 4)),
				arguments("braces inside a message", """
						{"intent": "done_for_now", "message": "Done: {\\"result\\": 18} } {"}""",
						new DoneForNow("Done: {\"result\": 18} } {")),
				arguments("two steps, of which the first is the next", """
						First: {"intent": "multiply", "a": 3, "b": 4}
						Then: {"intent": "divide", "a": 12, "b": 2}""", multiply(3, 4)),
				arguments("a decimal kept exactly", """
						{"intent": "add", "a": 0.1, "b": 0.2}""", calculation(Intent.ADD, "0.1", "0.2")));
	}

	static Stream<Arguments> badReplies() {
		return Stream.of(arguments("an empty reply", "", "the reply was empty"),
				arguments("prose without JSON", "I would multiply 3 by 4.", "contains no complete JSON object"),
				arguments("JSON cut off at the token limit", """
						{"intent": "done_for_now", "message": "The result of 3 * 4 is""",
						"contains no complete JSON object"),
				arguments("an unknown intent", """
						{"intent": "calculate", "expression": "3 * 4"}""", "unknown intent \"calculate\""),
				arguments("an object without an intent", """
						{"operation": "multiply", "a": 3, "b": 4}""", "names no intent"),
				arguments("a missing operand", """
						{"intent": "multiply", "a": 3}""", "multiply needs a number in \"b\""),
				arguments("an operand that is not a number", """
						{"intent": "multiply", "a": 3, "b": "fe1iiaff10"}""", "not \"fe1iiaff10\""),
				arguments("an empty message", """
						{"intent": "done_for_now", "message": ""}""", "needs a non-empty string in \"message\""),
				arguments("JSON that cannot be read", """
						{"intent": "multiply", "a": 3 "b": 4}""", "the reply's JSON could not be read"));
	}

	private static NextStep multiply(int a, int b) {
		return new Calculation(Intent.MULTIPLY, BigDecimal.valueOf(a), BigDecimal.valueOf(b)).toStep();
	}

	private static NextStep calculation(Intent intent, String a, String b) {
		return new Calculation(intent, new BigDecimal(a), new BigDecimal(b)).toStep();
	}

}
