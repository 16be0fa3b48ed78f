package dev.twelvefactor.agentservice.store;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code AGENT_STORE} names a database ({@code file} or {@code postgres}),
 * so the in-memory default builds no DataSource.
 */
class DurableStore implements Condition {

	static final String PROPERTY = "agent.store.type";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StoreProperties.Type.of(context.getEnvironment().getProperty(PROPERTY)) != StoreProperties.Type.MEMORY;
	}

}
