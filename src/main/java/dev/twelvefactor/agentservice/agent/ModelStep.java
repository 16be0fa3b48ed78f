package dev.twelvefactor.agentservice.agent;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.twelvefactor.agentservice.thread.AgentThread;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the planner for a thread's next step within an overall deadline, however many
 * tries and waits the model's client makes, so a hung model fails the thread with the
 * reason instead of keeping it running; counts each call by outcome.
 */
@Component
class ModelStep implements DisposableBean {

	private final Planner planner;

	private final Duration timeout;

	private final MeterRegistry meters;

	private final ExecutorService calls;

	@Autowired
	ModelStep(Planner planner, AgentProperties properties, MeterRegistry meters, Environment environment) {
		this(planner, properties.stepTimeout(), meters,
				Executors.newCachedThreadPool(threads(Threading.VIRTUAL.isActive(environment))));
	}

	ModelStep(Planner planner, Duration timeout, MeterRegistry meters, ExecutorService calls) {
		this.planner = planner;
		this.timeout = timeout;
		this.meters = meters;
		this.calls = calls;
	}

	private static ThreadFactory threads(boolean virtual) {
		if (virtual) {
			return new VirtualThreadTaskExecutor("agent-model-").getVirtualThreadFactory();
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("agent-model-");
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * Decides what the agent does next.
	 * @param thread the thread so far
	 * @return the next step
	 * @throws InvalidNextStep when the model's reply names no valid step
	 * @throws RuntimeException when the model cannot be reached or gives no step in time
	 */
	NextStep next(AgentThread thread) {
		Timer.Sample sample = Timer.start(this.meters);
		try {
			NextStep next = decide(thread);
			sample.stop(this.meters.timer("agent.model.calls", "outcome", "success"));
			return next;
		}
		catch (InvalidNextStep ex) {
			sample.stop(this.meters.timer("agent.model.calls", "outcome", "invalid_step"));
			throw ex;
		}
		catch (RuntimeException ex) {
			sample.stop(this.meters.timer("agent.model.calls", "outcome", "error"));
			throw ex;
		}
	}

	private NextStep decide(AgentThread thread) {
		Future<NextStep> call = this.calls.submit(() -> this.planner.nextStep(thread));
		try {
			return call.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw new StepTimedOut(this.timeout);
		}
		catch (InterruptedException ex) {
			call.cancel(true);
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the model decided", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Override
	public void destroy() {
		this.calls.shutdownNow();
	}

	/**
	 * The model gave no next step within the step's deadline.
	 */
	static class StepTimedOut extends RuntimeException {

		StepTimedOut(Duration timeout) {
			super("no next step within " + timeout + " (AGENT_LLM_STEP_TIMEOUT)");
		}

	}

}
