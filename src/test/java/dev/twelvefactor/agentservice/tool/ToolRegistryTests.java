package dev.twelvefactor.agentservice.tool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry's own rules for the tools it is given.
 */
class ToolRegistryTests {

	@Test
	void anArgumentNamedIntentIsShownUnderAFreeNameAndTheToolGetsItBackAsIntent() {
		AtomicReference<Map<String, Object>> called = new AtomicReference<>();
		Tool route = new ScriptedTool("route", "Routes a request.",
				Map.of("type", "object", "properties",
						Map.of("intent", Map.of("type", "string"), "intent_argument", Map.of("type", "integer")),
						"required", List.of("intent"), "additionalProperties", false),
				(arguments) -> {
					called.set(arguments);
					return ToolResult.of("routed");
				});
		ToolRegistry registry = new ToolRegistry(List.of(route));

		Tool registered = registry.find("route").orElseThrow();
		assertThat(registered.argumentSchema()).containsEntry("required", List.of("intent_argument_"));
		assertThat(Map.copyOf((Map<?, ?>) registered.argumentSchema().get("properties"))).isEqualTo(
				Map.of("intent_argument_", Map.of("type", "string"), "intent_argument", Map.of("type", "integer")));
		Map<String, Object> checked = registry.check(registered, Map.of("intent_argument_", "billing"));
		assertThat(registered.call(checked)).isEqualTo(ToolResult.of("routed"));
		assertThat(called.get()).isEqualTo(Map.of("intent", "billing"));
	}

	@Test
	void aKnownFormatIsCheckedAnUnknownOneIsNotAndADefaultLeavesItsArgumentOptional() {
		ToolRegistry registry = new ToolRegistry(List.of(new ScriptedTool("invite", "Invites someone.",
				Map.of("type", "object", "properties",
						Map.of("email", Map.of("type", "string", "format", "email"), "role",
								Map.of("type", "string", "default", "viewer"), "note",
								Map.of("type", "string", "format", "textarea")),
						"required", List.of("email")),
				(arguments) -> ToolResult.of("invited"))));
		Tool invite = registry.find("invite").orElseThrow();

		assertThat(registry.check(invite, Map.of("email", "ana@example.com", "note", "a format nobody knows")))
			.isEqualTo(Map.of("email", "ana@example.com", "note", "a format nobody knows"));
		assertThatExceptionOfType(InvalidArguments.class)
			.isThrownBy(() -> registry.check(invite, Map.of("email", "not an address", "role", "admin")))
			.withMessageContaining("invite: ")
			.withMessageContaining("email");
	}

}
