package dev.twelvefactor.agentservice.agent;

import dev.twelvefactor.agentservice.thread.AgentThread;

/**
 * Decides the next step for a thread: the seam where a model sits.
 */
public interface Planner {

	/**
	 * Decides what the agent does next.
	 * @param thread the thread so far
	 * @return the next step
	 * @throws InvalidNextStep when the model's reply names no valid step; the loop shows
	 * the reason to the model
	 * @throws RuntimeException when the model cannot be reached; the thread fails
	 */
	NextStep nextStep(AgentThread thread);

	/**
	 * Names the planner in logs, such as {@code offline rule-based planner}.
	 * @return a short description, without secrets
	 */
	String describe();

}
