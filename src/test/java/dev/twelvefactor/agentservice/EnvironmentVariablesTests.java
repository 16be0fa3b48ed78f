package dev.twelvefactor.agentservice;

import java.time.Duration;
import java.util.Map;

import dev.twelvefactor.agentservice.thread.ThreadProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link EnvironmentVariables}: each documented variable sets its one property.
 */
class EnvironmentVariablesTests {

	@Test
	void aVariableSetsItsProperty() {
		Binder binder = Binder.get(environment(Map.of("AGENT_MAX_STEPS", "7", "HUMANLAYER_API_KEY", "hl-key")));

		assertThat(binder.bind("agent.loop.max-steps", Integer.class).get()).isEqualTo(7);
		assertThat(binder.bind("agent.humanlayer.api-key", String.class).get()).isEqualTo("hl-key");
	}

	@Test
	void anUnsetVariableSetsNothingSoTheRecordsDefaultApplies() {
		Binder binder = Binder.get(environment(Map.of()));

		assertThat(binder.bind("agent.loop.max-steps", Integer.class).isBound()).isFalse();
	}

	@Test
	void theShutdownGraceSetsSpringsShutdownPhaseTimeoutOnly() {
		Binder binder = Binder.get(environment(Map.of("AGENT_SHUTDOWN_GRACE", "12s")));

		assertThat(binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class).get())
			.isEqualTo(Duration.ofSeconds(12));
	}

	@Test
	void aPropertyGivenExplicitlyWinsOverTheVariable() {
		StandardEnvironment environment = environment(Map.of("AGENT_MAX_STEPS", "7"));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("commandLineArgs", Map.of("agent.loop.max-steps", "9")));

		assertThat(Binder.get(environment).bind("agent.loop.max-steps", Integer.class).get()).isEqualTo(9);
	}

	@Test
	void aWrongValueFailsBindingWithAMessageNamingTheVariable() {
		Binder binder = Binder.get(environment(Map.of("AGENT_STORE_MAXIMUM_SIZE", "0")));

		assertThatException().isThrownBy(() -> binder.bind("agent.thread", ThreadProperties.class))
			.withStackTraceContaining("AGENT_STORE_MAXIMUM_SIZE must be positive");
	}

	@Test
	void withNoVariableSetTheRecordsDefaultsApply() {
		ThreadProperties properties = Binder.get(environment(Map.of()))
			.bindOrCreate("agent.thread", ThreadProperties.class);

		assertThat(properties.maxMessageLength()).isEqualTo(32768);
		assertThat(properties.store().maximumSize()).isEqualTo(100000);
		assertThat(properties.store().idleExpiry()).isEqualTo(Duration.ofDays(30));
	}

	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		new EnvironmentVariables().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
