package dev.twelvefactor.agentservice.agent;

import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.Event;
import dev.twelvefactor.agentservice.thread.HumanAnswer;
import dev.twelvefactor.agentservice.agent.NextStep.ToolCall;
import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolOrigin;
import dev.twelvefactor.agentservice.tool.ToolResult;

/**
 * Records a person's answer on the thread, as the model reads it: the reply, the refusal,
 * or the approved call's result. A built-in tool is exact arithmetic, so its approved
 * call runs as the answer is recorded, as it always has; any other tool may reach out of
 * the service, so its approved call is only marked approved, and the loop runs it outside
 * the store's change.
 */
final class AnswerEvents {

	private final Steps steps;

	AnswerEvents(Steps steps) {
		this.steps = steps;
	}

	/**
	 * Takes an answer to the call the thread waits for.
	 * @param thread the paused thread
	 * @param answer the answer
	 * @return the running thread
	 */
	AgentThread record(AgentThread thread, HumanAnswer answer) {
		if (answer instanceof HumanAnswer.Approval && pendingStep(thread) instanceof ToolCall call) {
			Tool tool = this.steps.tool(call).orElse(null);
			if (tool == null || tool.origin().kind() != ToolOrigin.Kind.BUILT_IN) {
				return thread.approve(answer.callId(), answer.respondent());
			}
			return thread.resume(answer.callId(),
					List.of(of(tool.call(call.arguments())).answeredBy(answer.respondent())));
		}
		return thread.resume(answer.callId(), events(answer));
	}

	private static List<Event> events(HumanAnswer answer) {
		if (answer instanceof HumanAnswer.Reply reply) {
			return List.of(Event.humanResponse(reply.text()).answeredBy(answer.respondent()));
		}
		if (answer instanceof HumanAnswer.Rejection rejection) {
			return List.of(Event.toolResponse(new Refusal.Denied(rejection.comment(), rejection.rejectOption()).text())
				.answeredBy(answer.respondent()));
		}
		if (answer instanceof HumanAnswer.NoAnswer) {
			return List.of(Event.toolResponse(Refusal.noAnswer(answer.kind() == CallKind.FUNCTION_CALL).text())
				.answeredBy(answer.respondent()));
		}
		return List.of();
	}

	/**
	 * The event that records what a tool call gave.
	 * @param result the tool's result or error
	 * @return a {@code tool_response}, or an {@code error} the model may correct
	 */
	static Event of(ToolResult result) {
		if (result.isError()) {
			return Event.error(result.error());
		}
		return new Event(Event.TOOL_RESPONSE, result.content());
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
