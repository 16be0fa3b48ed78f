package dev.twelvefactor.agentservice.store;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code AGENT_STORE=postgres}: what only several replicas need.
 */
class PostgresStore implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StoreProperties.Type
			.of(context.getEnvironment().getProperty(DurableStore.PROPERTY)) == StoreProperties.Type.POSTGRES;
	}

}
