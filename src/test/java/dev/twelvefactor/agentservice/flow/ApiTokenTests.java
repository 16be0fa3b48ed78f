package dev.twelvefactor.agentservice.flow;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code AGENT_API_TOKEN} set, the thread API and the local inbox answer only
 * requests that carry it; {@code /webhook} does not need it.
 */
@GuardedServiceTest
class ApiTokenTests {

	private static final String TOKEN = GuardedServiceTest.TOKEN;

	@Autowired
	private RestTestClient http;

	@LocalServerPort
	private int port;

	private ServiceClient service;

	@BeforeEach
	void setUp() {
		this.service = new ServiceClient(
				this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).build());
	}

	@Test
	void aLaunchWithTheTokenIsAcceptedAndItsThreadReachesTheInbox() {
		String id = this.service.launch("can you multiply 3 and 4?");

		JsonNode done = this.service.awaitStatus(id, "awaiting_human_response", 4);
		assertThat(this.service.pending("human_contacts").findValuesAsString("call_id"))
			.contains(ServiceClient.pendingCallId(done));
	}

	@Test
	void aLaunchWithoutATokenIsUnauthorized() {
		RestTestClient.ResponseSpec response = launch(this.http);

		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:problem-type:unauthorized");
	}

	@Test
	void aLaunchWithAnotherTokenIsUnauthorized() {
		RestTestClient wrong = this.http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer guess").build();

		launch(wrong).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:problem-type:unauthorized");
	}

	@Test
	void readingAThreadNeedsTheToken() {
		String id = this.service.launch("can you multiply 3 and 4?");

		this.http.get().uri("/thread/{id}", id).exchange().expectStatus().isUnauthorized();
	}

	@Test
	void theLocalInboxNeedsTheToken() {
		this.http.get()
			.uri(ServiceClient.INBOX + "/agent/human_contacts/pending")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void theEventStreamTakesTheTokenAsAnAccessTokenParameter() throws Exception {
		String id = this.service.launch("can you multiply 3 and 4?");

		assertThat(openStream("/thread/" + id + "/events?access_token=" + TOKEN)).isEqualTo(200);
		assertThat(openStream("/thread/" + id + "/events?access_token=guess")).isEqualTo(401);
		assertThat(openStream("/thread/" + id + "/events")).isEqualTo(401);
	}

	@Test
	void noOtherEndpointTakesTheTokenAsAParameter() {
		String id = this.service.launch("can you multiply 3 and 4?");

		this.http.get().uri("/thread/{id}?access_token=" + TOKEN, id).exchange().expectStatus().isUnauthorized();
		this.http.get()
			.uri(ServiceClient.INBOX + "/agent/human_contacts/pending?access_token=" + TOKEN)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aWebhookNeedsNoToken() {
		String id = this.service.launch("can you multiply 3 and fe1iiaff10");
		JsonNode paused = this.service.awaitStatus(id, "awaiting_human_response", 2);

		String body = Webhooks.humanContactCompleted(id, ServiceClient.pendingCallId(paused), "use 8");
		Map<String, String> signed = new Signer(GuardedServiceTest.SECRET).headers("msg_" + id,
				body.getBytes(StandardCharsets.UTF_8));

		ServiceClient.Answer answer = new ServiceClient(this.http).webhook(body, signed);

		assertThat(answer.status()).isEqualTo(HttpStatus.OK);
		assertThat(answer.body().get("status").asString()).isEqualTo("applied");
	}

	/**
	 * Opens an event stream the way a browser's EventSource does, without headers.
	 * @return the status it answered
	 */
	private int openStream(String path) throws Exception {
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofInputStream());
		response.body().close();
		return response.statusCode();
	}

	private static RestTestClient.ResponseSpec launch(RestTestClient client) {
		return client.post()
			.uri("/thread")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("message", "can you multiply 3 and 4?"))
			.exchange();
	}

}
