package dev.twelvefactor.agentservice.humanlayer;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HumanLayerTypes}, the check the other tests run on every body sent: it
 * must find what HumanLayer would not take.
 */
class HumanLayerTypesTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aFunctionCallAsTheSdksSendItHasNoViolation() {
		assertThat(HumanLayerTypes.violationsOfRequest("/humanlayer/v1/function_calls",
				this.json.readTree(
						"""
								{"run_id":"12fa-agent","call_id":"call-1",
								 "spec":{"fn":"divide","kwargs":{"a":3,"b":4},
								         "channel":{"email":{"address":"ops@example.com","additional_recipients":[{"address":"a@b.c","field":"cc"}]}},
								         "reject_options":[{"name":"wrong","title":"Wrong numbers","interactive":true}],
								         "state":{"thread_id":"t-1"}}}""")))
			.isEmpty();
	}

	@Test
	void aMisspeltMissingNullOrMistypedFieldIsAViolation() {
		assertThat(HumanLayerTypes.violationsOfRequest("/humanlayer/v1/contact_requests", this.json.readTree("""
				{"run_id":"12fa-agent","call_id":"human_call-1",
				 "spec":{"message":"hello","channel":{"email":{"adress":"ops@example.com"},"channel_id":"42"},
				         "state":null}}"""))).containsExactlyInAnyOrder(
				"/humanlayer/v1/contact_requests: $.spec.message is no field of HumanContactSpec",
				"/humanlayer/v1/contact_requests: $.spec.channel.email.adress is no field of EmailContactChannel",
				"/humanlayer/v1/contact_requests: $.spec.channel.email.address is required in EmailContactChannel",
				"/humanlayer/v1/contact_requests: $.spec.channel.channel_id must be an integer",
				"/humanlayer/v1/contact_requests: $.spec.state is null: unset fields are left out, as the TypeScript SDK does",
				"/humanlayer/v1/contact_requests: $.spec.msg is required in HumanContactSpec");
	}

}
