package dev.twelvefactor.agentservice.planner;

import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.thread.AgentThread;

/**
 * A deterministic planner that reads plain English arithmetic requests without calling a
 * model, so the service runs end to end offline and in tests; its grammar is in
 * {@code docs/offline-planner.md}.
 */
public class RuleBasedPlanner implements Planner {

	public RuleBasedPlanner() {
	}

	@Override
	public NextStep nextStep(AgentThread thread) {
		return Replay.of(thread.events()).nextStep();
	}

	@Override
	public String describe() {
		return "offline rule-based planner";
	}

}
