package dev.twelvefactor.agentservice.flow;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message that asks the offline planner for numbers too large to compute ends in a
 * small thread that waits for a person, rather than in a thread that grows without bound
 * and a core that squares numbers for hours. The numbers a model gives are bounded in
 * {@code llm/OpenAiFlowTests}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class BoundedCostTests {

	@Autowired
	private RestTestClient http;

	@Test
	void squaringAThousandDigitNumberAgainAndAgainStopsAtTheFirstResultOutOfRange() {
		String nines = "9".repeat(1000);
		ServiceClient service = new ServiceClient(this.http);
		String id = service.launch("multiply " + nines + " by " + nines + " then multiply it by it".repeat(18));

		JsonNode thread = service.awaitStatus(id, "awaiting_human_response", 4);

		assertThat(thread.get("events")).hasSize(4);
		assertThat(thread.get("events").get(1).get("data").get("intent").asString()).isEqualTo("multiply");
		assertThat(thread.get("events").get(2).get("type").asString()).isEqualTo("error");
		assertThat(thread.get("events").get(2).get("data").asString())
			.isEqualTo("the result of multiply is out of range: numbers have at most 1000 significant digits and an "
					+ "exponent from -1000 to 1000");
		assertThat(thread.get("events").get(3).get("data").get("intent").asString())
			.isEqualTo("request_more_information");
		assertThat(thread.toString()).hasSizeLessThan(16_000);
	}

}
