package dev.twelvefactor.agentservice.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import dev.twelvefactor.agentservice.security.GuardedPaths;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.ExternalDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the API at {@code /v3/api-docs} (and in Swagger UI): what it is, the problem
 * responses every error is, and the bearer token that guards the client API when set.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM_JSON = "application/problem+json";

	static final String PROBLEM_SCHEMA = "Problem";

	static final String BEARER = "apiToken";

	/**
	 * The API writes snake_case JSON through Boot's Jackson 3 mapper; swagger-core reads
	 * the types with its own Jackson 2 mapper, which is told the same for this service's
	 * types only, since the same mapper writes the description itself.
	 * @param mappers springdoc's mappers
	 */
	OpenApiConfiguration(ObjectMapperProvider mappers) {
		mappers.jsonMapper().setPropertyNamingStrategy(new SnakeCaseForThisService());
	}

	@Bean
	OpenAPI agentServiceOpenApi() {
		Components components = new Components().addSchemas(PROBLEM_SCHEMA, problemSchema())
			.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.description("AGENT_API_TOKEN, required on /thread/** and the local inbox only when it is set."));
		for (ProblemType problem : ProblemType.CATALOGUE) {
			components.addResponses(problem.name(), problem.response());
		}
		return new OpenAPI()
			.info(new Info().title("agent-service")
				.version("0.1.0")
				.description("Launch an agent thread, let it pause for a human (HumanLayer or the local inbox), "
						+ "and resume it when the answer arrives at /webhook. Every error is an RFC 9457 problem "
						+ "response; see docs/api.md for the catalogue.")
				.license(new License().name("see the repository")))
			.externalDocs(new ExternalDocumentation().description("docs/api.md").url("docs/api.md"))
			.components(components);
	}

	/**
	 * Adds what every operation may answer: a 500 problem, and, on the client API, the
	 * 401 of a missing token with the bearer requirement.
	 * @return the customizer
	 */
	@Bean
	OpenApiCustomizer commonResponses(GuardedPaths guarded) {
		return (openApi) -> openApi.getPaths().forEach((path, item) -> item.readOperations().forEach((operation) -> {
			add(operation, "500", ProblemType.INTERNAL_ERROR);
			if (guarded.guards(path)) {
				add(operation, "401", ProblemType.UNAUTHORIZED);
				operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
			}
		}));
	}

	private static void add(Operation operation, String status, ProblemType problem) {
		if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
			operation.getResponses().addApiResponse(status, new ApiResponse().$ref(problem.name()));
		}
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem detail; each error of this API is one.")
			.addProperty("type",
					new StringSchema().description(
							"What kind of problem, such as urn:problem-type:thread-not-found, or about:blank for the "
									+ "framework's own (malformed body, unknown path, wrong method or media type)"))
			.addProperty("title", new StringSchema().description("A short summary of the type"))
			.addProperty("status", new IntegerSchema().description("The HTTP status"))
			.addProperty("detail", new StringSchema().description("What went wrong this time, in words"))
			.addProperty("instance", new StringSchema().description("The request path"))
			.addProperty("thread_status",
					new StringSchema().description(
							"On call-not-pending (but not to an unsigned webhook delivery), thread-not-failed, "
									+ "thread-not-paused, thread-cancelled and thread-finished: the thread's status"))
			.example(Map.of("type", "urn:problem-type:thread-not-found", "title", "Thread not found", "status", 404,
					"detail", "No thread with id 0c8e6f43-1d35-4f0e-9a51-2b7f3c1e9d20", "instance",
					"/thread/0c8e6f43-1d35-4f0e-9a51-2b7f3c1e9d20"));
	}

	/**
	 * Snake case for the properties of this service's own types, names as they are for
	 * everything else.
	 */
	static final class SnakeCaseForThisService extends PropertyNamingStrategy {

		private static final PropertyNamingStrategies.NamingBase SNAKE_CASE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

		private static final String PACKAGE = "dev.twelvefactor.agentservice";

		@Override
		public String nameForField(MapperConfig<?> config, AnnotatedField field, String defaultName) {
			return translate(field, defaultName);
		}

		@Override
		public String nameForGetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
			return translate(method, defaultName);
		}

		@Override
		public String nameForSetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
			return translate(method, defaultName);
		}

		@Override
		public String nameForConstructorParameter(MapperConfig<?> config, AnnotatedParameter parameter,
				String defaultName) {
			return translate(parameter, defaultName);
		}

		private static String translate(AnnotatedMember member, String name) {
			return member.getDeclaringClass().getName().startsWith(PACKAGE) ? SNAKE_CASE.translate(name) : name;
		}

	}

	/**
	 * One kind of problem response: the catalogue docs/api.md explains, named so that
	 * operations refer to it as {@code #/components/responses/<name>}.
	 *
	 * @param name the last part of its type, {@code urn:problem-type:<name>}
	 * @param status its HTTP status
	 * @param meaning what it means for the client
	 */
	record ProblemType(String name, int status, String meaning) {

		static final ProblemType INTERNAL_ERROR = new ProblemType("internal-error", 500,
				"The service failed unexpectedly; its log has the details.");

		static final ProblemType UNAUTHORIZED = new ProblemType("unauthorized", 401,
				"AGENT_API_TOKEN is set and the request lacks Authorization: Bearer <token>, or has another token.");

		static final List<ProblemType> CATALOGUE = List.of(
				new ProblemType("invalid-request", 400,
						"The body breaks a rule of this API, such as a message longer than AGENT_MAX_MESSAGE_LENGTH."),
				UNAUTHORIZED,
				new ProblemType("thread-not-found", 404, "No thread has this id: it never existed, or it expired."),
				new ProblemType("thread-not-paused", 409, "A message was sent to a thread that waits for nobody."),
				new ProblemType("thread-not-failed", 409,
						"Only a failed thread can be retried; this one is not (or a retry already took it)."),
				new ProblemType("thread-cancelled", 409,
						"The thread was cancelled: it takes no answer, message or retry, and no second cancel."),
				new ProblemType("thread-finished", 409,
						"A cancel of a thread whose done_for_now message waits only for an optional reply."),
				new ProblemType("call-not-pending", 409,
						"The answer names a call the thread does not wait for: it is running or failed, "
								+ "or waits for another call or kind."),
				new ProblemType("overloaded", 503,
						"All loop slots and the queue are full, or the service is stopping; retry after Retry-After."),
				new ProblemType("invalid-webhook", 400,
						"The delivery is no completed HumanLayer call this service can match "
								+ "(malformed, unknown type, no call_id or spec.state.thread_id, no answer)."),
				new ProblemType("invalid-signature", 401,
						"HUMANLAYER_WEBHOOK_SECRET is set and the Standard Webhooks signature is missing, stale or wrong."),
				new ProblemType("call-not-completed", 409,
						"Cloud fetch-back: HumanLayer has no answer to this call (yet), or no such call."),
				new ProblemType("humanlayer-unavailable", 502,
						"Cloud fetch-back: HumanLayer could not be read back; deliver again later."),
				new ProblemType("call-not-found", 404, "Local inbox: no call with this call_id."),
				new ProblemType("call-exists", 409, "Local inbox: a call with this call_id exists already."),
				new ProblemType("call-answered", 409,
						"Local inbox: the call has an answer already, given here or another way (a message on the "
								+ "thread, a webhook, its deadline)."),
				new ProblemType("call-withdrawn", 409,
						"Local inbox: the call was withdrawn: its thread was cancelled, or is gone (it expired), "
								+ "so nobody waits for an answer."),
				new ProblemType("webhook-not-delivered", 502,
						"Local inbox: the answer to a call of one of this service's threads could not be delivered to "
								+ "the webhook, so the call stays pending."),
				INTERNAL_ERROR);

		String type() {
			return "urn:problem-type:" + this.name;
		}

		ApiResponse response() {
			return new ApiResponse().description(type() + ": " + this.meaning)
				.content(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
		}

	}

}
