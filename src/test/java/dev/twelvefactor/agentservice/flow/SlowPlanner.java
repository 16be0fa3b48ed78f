package dev.twelvefactor.agentservice.flow;

import java.util.concurrent.CountDownLatch;

import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Planner;
import dev.twelvefactor.agentservice.planner.RuleBasedPlanner;
import dev.twelvefactor.agentservice.thread.AgentThread;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The offline planner, holding every step until a test releases it, so loops stay running
 * (or queued) as long as a test needs.
 */
class SlowPlanner implements Planner {

	private final CountDownLatch released = new CountDownLatch(1);

	private final Planner planner = new RuleBasedPlanner();

	void release() {
		this.released.countDown();
	}

	@Override
	public NextStep nextStep(AgentThread thread) {
		try {
			this.released.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while planning", ex);
		}
		return this.planner.nextStep(thread);
	}

	@Override
	public String describe() {
		return "slow planner";
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		@Primary
		SlowPlanner slowPlanner() {
			return new SlowPlanner();
		}

	}

}
