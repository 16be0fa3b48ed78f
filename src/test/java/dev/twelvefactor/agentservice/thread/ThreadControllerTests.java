package dev.twelvefactor.agentservice.thread;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What {@code POST /thread} and {@code GET /thread/{id}} refuse, each as a problem
 * response, and how {@code GET /thread} lists recent threads: the web layer alone, over
 * the memory store, with no loop behind it.
 */
@WebMvcTest(controllers = ThreadController.class, properties = "agent.thread.max-message-length=64",
		includeFilters = { @Filter(ConfigurationProperties.class),
				@Filter(type = FilterType.REGEX, pattern = "dev\\.twelvefactor\\.agentservice\\.security\\..*") })
@AutoConfigureRestTestClient
@Import({ CaffeineThreadStore.class, ThreadControllerTests.Meters.class })
class ThreadControllerTests {

	@MockitoBean
	private ThreadRunner runner;

	@Autowired
	private RestTestClient http;

	@Autowired
	private ThreadStore threads;

	@Test
	void recentThreadsAreListedNewestFirstWithoutTheirEvents() {
		AgentThread older = this.threads.create("can you add 1 and 2?");
		AgentThread newer = this.threads.create("<b>can you add 3 and 4?</b>");

		this.http.get()
			.uri("/thread?limit=2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2)
			.jsonPath("$[0].thread_id")
			.isEqualTo(newer.id().toString())
			.jsonPath("$[0].message")
			.isEqualTo("<b>can you add 3 and 4?</b>")
			.jsonPath("$[0].status")
			.isEqualTo("running")
			.jsonPath("$[0].created_at")
			.isNotEmpty()
			.jsonPath("$[0].events")
			.doesNotExist()
			.jsonPath("$[1].thread_id")
			.isEqualTo(older.id().toString());
	}

	@Test
	void aListLimitOutOfRangeIsABadRequest() {
		problem(this.http.get().uri("/thread?limit=0").exchange(), HttpStatus.BAD_REQUEST);
		problem(this.http.get().uri("/thread?limit=101").exchange(), HttpStatus.BAD_REQUEST);
	}

	@Test
	void aBlankMessageIsABadRequest() {
		launch("{\"message\": \"   \"}", MediaType.APPLICATION_JSON, HttpStatus.BAD_REQUEST);
	}

	@Test
	void aMissingMessageIsABadRequest() {
		launch("{}", MediaType.APPLICATION_JSON, HttpStatus.BAD_REQUEST);
	}

	@Test
	void aMessageOfTheWrongTypeIsABadRequest() {
		launch("{\"message\": {\"text\": \"hi\"}}", MediaType.APPLICATION_JSON, HttpStatus.BAD_REQUEST);
	}

	@Test
	void malformedJsonIsABadRequest() {
		launch("{\"message\": ", MediaType.APPLICATION_JSON, HttpStatus.BAD_REQUEST);
	}

	@Test
	void aMessageOverTheConfiguredLengthIsABadRequest() {
		launch("{\"message\": \"" + "x".repeat(65) + "\"}", MediaType.APPLICATION_JSON, HttpStatus.BAD_REQUEST)
			.jsonPath("$.detail")
			.isEqualTo("message must be at most 64 characters long");
	}

	@Test
	void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
		launch("message=hi", MediaType.APPLICATION_FORM_URLENCODED, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
	}

	@Test
	void anUnknownThreadIsNotFound() {
		problem(this.http.get().uri("/thread/8c1f2d00-0000-4000-8000-000000000000").exchange(), HttpStatus.NOT_FOUND)
			.jsonPath("$.type")
			.isEqualTo("urn:problem-type:thread-not-found");
	}

	@Test
	void anIdThatIsNoUuidIsNotFound() {
		problem(this.http.get().uri("/thread/not-a-uuid").exchange(), HttpStatus.NOT_FOUND).jsonPath("$.type")
			.isEqualTo("urn:problem-type:thread-not-found");
	}

	private RestTestClient.BodyContentSpec launch(String body, MediaType type, HttpStatus status) {
		return problem(this.http.post().uri("/thread").contentType(type).body(body).exchange(), status);
	}

	private static RestTestClient.BodyContentSpec problem(RestTestClient.ResponseSpec response, HttpStatus status) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.detail")
			.isNotEmpty();
	}

	/**
	 * A meter registry for the store, which the slice leaves out.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
