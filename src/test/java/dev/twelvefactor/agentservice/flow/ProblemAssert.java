package dev.twelvefactor.agentservice.flow;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that a response is the problem detail it should be.
 */
final class ProblemAssert {

	static final String BLANK = "about:blank";

	private ProblemAssert() {
	}

	/**
	 * Asserts the status, the problem media type and the problem's type.
	 * @param result the exchange
	 * @param status the status it must have, in the response and in the problem
	 * @param type the problem type, {@code about:blank} also when the type is left out
	 * @param json reads the body
	 * @return the problem
	 */
	static JsonNode assertProblem(EntityExchangeResult<byte[]> result, int status, String type, JsonMapper json) {
		assertThat(result.getStatus().value()).as("status").isEqualTo(status);
		assertThat(result.getResponseHeaders().getContentType()).as("content type")
			.isNotNull()
			.matches((contentType) -> contentType.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		JsonNode problem = json.readTree(result.getResponseBody());
		assertThat(problem.has("type") ? problem.get("type").asString() : BLANK).as("type").isEqualTo(type);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		return problem;
	}

}
