package dev.twelvefactor.agentservice.flow;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.twelvefactor.agentservice.AgentServiceApplication;
import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.Failure;
import dev.twelvefactor.agentservice.thread.ThreadRunner;
import dev.twelvefactor.agentservice.thread.ThreadStatus;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping the service (a real application, closed as a SIGTERM would close it) takes no
 * new loops, lets the running steps finish within the grace period, and leaves every
 * thread paused or failed with a step a retry can run again, never running.
 */
class ShutdownTests {

	private static final String API = HumanLayerCloud.API;

	@RegisterExtension
	static WireMockExtension humanLayer = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	private ConfigurableApplicationContext context;

	@BeforeEach
	void stubHumanLayer() {
		humanLayer.stubFor(post(API + "/function_calls").willReturn(okJson("{}")));
		humanLayer.stubFor(post(API + "/contact_requests").willReturn(okJson("{}")));
	}

	@AfterEach
	void close() {
		if (this.context != null && this.context.isActive()) {
			this.context.getBean(SlowPlanner.class).release();
			this.context.close();
		}
	}

	@Test
	void runningAndQueuedLoopsFinishWithinTheGracePeriod() throws Exception {
		start("10s");
		ThreadStore threads = this.context.getBean(ThreadStore.class);
		SlowPlanner planner = this.context.getBean(SlowPlanner.class);
		SmartLifecycle loops = this.context.getBean("loopExecutor", SmartLifecycle.class);
		UUID running = launch("can you divide 3 by 4");
		UUID queued = launch("can you multiply 3 and 4");

		CompletableFuture<Void> closed = CompletableFuture.runAsync(this.context::close);
		await().until(() -> !loops.isRunning());
		assertThat(threads.find(running).orElseThrow().status()).isEqualTo(ThreadStatus.RUNNING);
		planner.release();
		closed.get(10, TimeUnit.SECONDS);

		assertThat(threads.find(running).orElseThrow().status()).isEqualTo(ThreadStatus.AWAITING_APPROVAL);
		assertThat(threads.find(queued).orElseThrow().status()).isEqualTo(ThreadStatus.AWAITING_HUMAN_RESPONSE);
	}

	@Test
	void aLoopStillQueuedWhenTheGracePeriodEndsIsLeftFailedForARetry() throws Exception {
		start("300ms");
		ThreadStore threads = this.context.getBean(ThreadStore.class);
		UUID running = launch("can you divide 3 by 4");
		UUID queued = launch("can you multiply 3 and 4");

		this.context.close();

		AgentThread abandoned = threads.find(queued).orElseThrow();
		assertThat(abandoned.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(abandoned.failure().step()).isEqualTo(Failure.Step.EXECUTOR);
		assertThat(abandoned.failure().reason()).contains("retry");
		await().until(() -> threads.find(running).orElseThrow().status(), (status) -> status != ThreadStatus.RUNNING);
		AgentThread interrupted = threads.find(running).orElseThrow();
		assertThat(interrupted.status()).isEqualTo(ThreadStatus.FAILED);
		assertThat(interrupted.failure().step()).isEqualTo(Failure.Step.MODEL);
	}

	private void start(String grace) {
		this.context = new SpringApplicationBuilder(AgentServiceApplication.class, SlowPlanner.Configuration.class).run(
				"--server.port=0", "--agent.llm.provider=offline", "--agent.loop.executor.max-concurrent=1",
				"--spring.lifecycle.timeout-per-shutdown-phase=" + grace, "--agent.humanlayer.api-key=test-key",
				"--agent.humanlayer.email=ops@example.com",
				"--agent.humanlayer.api-base=" + humanLayer.baseUrl() + API);
	}

	private UUID launch(String message) {
		UUID id = this.context.getBean(ThreadStore.class).create(message).id();
		this.context.getBean(ThreadRunner.class).start(id);
		return id;
	}

}
