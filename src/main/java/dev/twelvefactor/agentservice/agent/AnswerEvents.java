package dev.twelvefactor.agentservice.agent;

import java.util.Map;

import dev.twelvefactor.agentservice.agent.NextStep.Calculation;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.HumanAnswer;

/**
 * The events that record a person's answer, as the model reads them: the reply, the
 * approved tool's result, or the refusal.
 */
final class AnswerEvents {

	private AnswerEvents() {
	}

	/**
	 * The event that records an answer to the call the thread waits for.
	 * @param thread the paused thread
	 * @param answer the answer
	 * @param calculator runs an approved calculation
	 * @return the event, not yet marked with who answered
	 */
	static Event record(AgentThread thread, HumanAnswer answer, Calculator calculator) {
		if (answer instanceof HumanAnswer.Reply reply) {
			return Event.humanResponse(reply.text());
		}
		if (answer instanceof HumanAnswer.Rejection rejection) {
			return Event.toolResponse(new Refusal.Denied(rejection.comment()).text());
		}
		if (answer instanceof HumanAnswer.NoAnswer) {
			return Event.toolResponse(Refusal.noAnswer(answer.kind() == CallKind.FUNCTION_CALL).text());
		}
		return calculate(calculator, (Calculation) pendingStep(thread));
	}

	/**
	 * Runs a calculation.
	 * @param calculator the calculator
	 * @param calculation the calculation
	 * @return its result, or the error the model should read
	 */
	static Event calculate(Calculator calculator, Calculation calculation) {
		try {
			return Event.toolResponse(calculator.apply(calculation));
		}
		catch (ArithmeticException ex) {
			return Event.error(ex.getMessage());
		}
	}

	/**
	 * The step a paused thread waits on: the model's last {@code tool_call}.
	 * @param thread the paused thread
	 * @return the step
	 */
	static NextStep pendingStep(AgentThread thread) {
		return NextStep.fromData((Map<?, ?>) thread.lastEvent().data());
	}

}
