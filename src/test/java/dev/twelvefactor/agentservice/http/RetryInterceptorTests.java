package dev.twelvefactor.agentservice.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RetryInterceptor}.
 */
class RetryInterceptorTests {

	private static final int MAX_RETRIES = 2;

	private static final Duration READ_TIMEOUT = Duration.ofMillis(200);

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

	/** The waits the interceptor asked for, none of them waited. */
	private final List<Duration> waits = new CopyOnWriteArrayList<>();

	// OkHttp's own retry on connection failure is off, so only the interceptor retries.
	private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false)
		.connectTimeout(Duration.ofSeconds(2))
		.readTimeout(Duration.ofSeconds(10))
		.addInterceptor(new RetryInterceptor(MAX_RETRIES, Duration.ofMillis(10), Duration.ofMillis(50),
				Duration.ofSeconds(2), CLOCK, this.waits::add))
		.build();

	@Test
	void aTooManyRequestsWaitsAsLongAsRetryAfterAsksThenSucceeds() throws IOException {
		sequence(status(429).withHeader("Retry-After", "1"), ok("done"));
		try (Response response = call()) {
			assertThat(response.code()).isEqualTo(200);
			assertThat(response.body().string()).isEqualTo("done");
		}
		assertThat(this.waits).containsExactly(Duration.ofSeconds(1));
		server.verify(2, getRequestedFor(urlEqualTo("/resource")));
	}

	@Test
	void serverErrorsAreTriedAgainUntilOneSucceeds() throws IOException {
		sequence(status(500), status(500), ok("done"));
		try (Response response = call()) {
			assertThat(response.code()).isEqualTo(200);
		}
		assertThat(this.waits).hasSize(2)
			.allSatisfy((wait) -> assertThat(wait).isBetween(Duration.ofMillis(5), Duration.ofMillis(50)));
		server.verify(3, getRequestedFor(urlEqualTo("/resource")));
	}

	@Test
	void aServerErrorOnTheLastTryIsPassedOn() throws IOException {
		server.stubFor(get("/resource").willReturn(status(503)));
		try (Response response = call()) {
			assertThat(response.code()).isEqualTo(503);
		}
		server.verify(MAX_RETRIES + 1, getRequestedFor(urlEqualTo("/resource")));
	}

	@Test
	void aResetConnectionIsTriedAgain() throws IOException {
		sequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), ok("done"));
		try (Response response = call()) {
			assertThat(response.code()).isEqualTo(200);
			assertThat(response.body().string()).isEqualTo("done");
		}
		server.verify(2, getRequestedFor(urlEqualTo("/resource")));
	}

	@Test
	void aClientErrorIsPassedOnAtOnce() throws IOException {
		server.stubFor(get("/resource").willReturn(status(400)));
		try (Response response = call()) {
			assertThat(response.code()).isEqualTo(400);
		}
		server.verify(1, getRequestedFor(urlEqualTo("/resource")));
	}

	@Test
	void aReadTimeoutIsTriedAgainThenThrown() {
		server.stubFor(get("/resource").willReturn(ok("late").withFixedDelay((int) READ_TIMEOUT.toMillis() * 5)));
		OkHttpClient impatient = this.http.newBuilder().readTimeout(READ_TIMEOUT).build();
		assertThatExceptionOfType(SocketTimeoutException.class)
			.isThrownBy(() -> impatient.newCall(new Request.Builder().url(server.url("/resource")).build()).execute());
		server.verify(MAX_RETRIES + 1, getRequestedFor(urlEqualTo("/resource")));
	}

	@Test
	void aRetryAfterLongerThanTheMaximumPassesTheTooManyRequestsOn() throws IOException {
		server.stubFor(get("/resource").willReturn(status(429).withHeader("Retry-After", "120")));
		try (Response response = call()) {
			assertThat(response.code()).isEqualTo(429);
			assertThat(response.header("Retry-After")).isEqualTo("120");
		}
		assertThat(this.waits).isEmpty();
		server.verify(1, getRequestedFor(urlEqualTo("/resource")));
	}

	@Test
	void aCreateStoredBeforeItsTryTimedOutIsReadBackAndNotSentAgain() throws IOException {
		server.stubFor(post("/things").inScenario("store")
			.whenScenarioStateIs(STARTED)
			.willReturn(ok("{\"id\":\"t-1\"}").withFixedDelay((int) READ_TIMEOUT.toMillis() * 5))
			.willSetStateTo("stored"));
		server.stubFor(get("/things/t-1").inScenario("store").whenScenarioStateIs(STARTED).willReturn(status(404)));
		server.stubFor(get("/things/t-1").inScenario("store")
			.whenScenarioStateIs("stored")
			.willReturn(ok("{\"id\":\"t-1\"}")));
		OkHttpClient impatient = this.http.newBuilder().readTimeout(READ_TIMEOUT).build();

		try (Response response = impatient.newCall(create()).execute()) {
			assertThat(response.code()).isEqualTo(200);
			assertThat(response.body().string()).isEqualTo("{\"id\":\"t-1\"}");
		}
		server.verify(1, postRequestedFor(urlEqualTo("/things")));
		server.verify(1, getRequestedFor(urlEqualTo("/things/t-1")));
	}

	@Test
	void aCreateTheServerDoesNotHaveIsSentAgainAfterItIsReadBack() throws IOException {
		server.stubFor(post("/things").inScenario("fail once")
			.whenScenarioStateIs(STARTED)
			.willReturn(status(503))
			.willSetStateTo("up"));
		server.stubFor(post("/things").inScenario("fail once").whenScenarioStateIs("up").willReturn(ok("created")));
		server.stubFor(get("/things/t-1").willReturn(status(404)));

		try (Response response = this.http.newCall(create()).execute()) {
			assertThat(response.body().string()).isEqualTo("created");
		}
		server.verify(2, postRequestedFor(urlEqualTo("/things")));
		server.verify(1, getRequestedFor(urlEqualTo("/things/t-1")));
	}

	@Test
	void aReadBackThatFailsIsTriedAgainBeforeTheCreateIsSentAgain() throws IOException {
		server.stubFor(post("/things").willReturn(status(500)));
		server.stubFor(get("/things/t-1").inScenario("read")
			.whenScenarioStateIs(STARTED)
			.willReturn(status(503))
			.willSetStateTo("up"));
		server.stubFor(get("/things/t-1").inScenario("read").whenScenarioStateIs("up").willReturn(ok("found")));

		try (Response response = this.http.newCall(create()).execute()) {
			assertThat(response.body().string()).isEqualTo("found");
		}
		server.verify(1, postRequestedFor(urlEqualTo("/things")));
		server.verify(2, getRequestedFor(urlEqualTo("/things/t-1")));
	}

	@Test
	void parseRetryAfterReadsSeconds() {
		assertThat(RetryInterceptor.parseRetryAfter(" 7 ", CLOCK)).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void parseRetryAfterReadsAnHttpDate() {
		String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(CLOCK).plusSeconds(30));
		assertThat(RetryInterceptor.parseRetryAfter(inThirtySeconds, CLOCK)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void parseRetryAfterReadsAPastHttpDateAsNoWait() {
		assertThat(RetryInterceptor.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
	}

	@Test
	void parseRetryAfterReadsANegativeNumberAsNoWait() {
		assertThat(RetryInterceptor.parseRetryAfter("-5", CLOCK)).isEqualTo(Duration.ZERO);
	}

	@Test
	void parseRetryAfterIgnoresGarbageAndAbsence() {
		assertThat(RetryInterceptor.parseRetryAfter("soon", CLOCK)).isNull();
		assertThat(RetryInterceptor.parseRetryAfter("", CLOCK)).isNull();
		assertThat(RetryInterceptor.parseRetryAfter(null, CLOCK)).isNull();
	}

	private Response call() throws IOException {
		return this.http.newCall(new Request.Builder().url(server.url("/resource")).build()).execute();
	}

	/**
	 * {@code POST /things} for thing {@code t-1}, read back at {@code GET /things/t-1}.
	 */
	private static Request create() {
		return new Request.Builder().url(server.url("/things"))
			.post(RequestBody.create("{\"id\":\"t-1\"}", MediaType.get("application/json")))
			.tag(ReadBack.class, new ReadBack(new Request.Builder().url(server.url("/things/t-1")).build()))
			.build();
	}

	/**
	 * Answers successive requests with the given responses, the last one for good.
	 */
	private static void sequence(ResponseDefinitionBuilder... responses) {
		String state = STARTED;
		for (int i = 0; i < responses.length; i++) {
			String next = (i < responses.length - 1) ? "try " + (i + 2) : state;
			server.stubFor(get("/resource").inScenario("sequence")
				.whenScenarioStateIs(state)
				.willReturn(responses[i])
				.willSetStateTo(next));
			state = next;
		}
	}

}
