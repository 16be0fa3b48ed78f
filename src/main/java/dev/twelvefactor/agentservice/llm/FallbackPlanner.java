package dev.twelvefactor.agentservice.llm;

import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.thread.AgentThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a second provider when the first cannot be reached after its retries, so one
 * provider's outage does not fail threads. A reply that is merely invalid is not a
 * failure of the provider: it goes back to the model on the thread.
 */
class FallbackPlanner implements Planner {

	private static final Logger logger = LoggerFactory.getLogger(FallbackPlanner.class);

	private final Planner primary;

	private final Planner fallback;

	FallbackPlanner(Planner primary, Planner fallback) {
		this.primary = primary;
		this.fallback = fallback;
	}

	@Override
	public NextStep nextStep(AgentThread thread) {
		try {
			return this.primary.nextStep(thread);
		}
		catch (ModelUnavailable ex) {
			logger.warn("Thread {} falls back to {}: {}", thread.id(), this.fallback.describe(), ex.getMessage());
			return this.fallback.nextStep(thread);
		}
	}

	@Override
	public String describe() {
		return this.primary.describe() + " (fallback: " + this.fallback.describe() + ")";
	}

}
