package dev.twelvefactor.agentservice.http;

import java.io.IOException;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionStripes}.
 */
class ConnectionStripesTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@ParameterizedTest
	@CsvSource({ "1000, 16", "64, 1", "65, 2", "1, 1", "0, 1" })
	void eachStripeHoldsAtMostSixtyFourConnections(int maxIdleConnections, int stripes) {
		assertThat(ConnectionStripes.over(new OkHttpClient(), maxIdleConnections).size()).isEqualTo(stripes);
	}

	@Test
	void everyStripeKeepsTheClientsInterceptors() throws IOException {
		server.stubFor(get("/resource").willReturn(ok("done")));
		OkHttpClient client = new OkHttpClient.Builder()
			.addInterceptor((chain) -> chain.proceed(chain.request().newBuilder().header("X-Client", "shared").build()))
			.build();
		ConnectionStripes stripes = ConnectionStripes.over(client, 1000);

		for (int i = 0; i < 100; i++) {
			try (Response response = stripes.newCall(new Request.Builder().url(server.url("/resource")).build())
				.execute()) {
				assertThat(response.body().string()).isEqualTo("done");
			}
		}

		server.verify(100, getRequestedFor(urlEqualTo("/resource")).withHeader("X-Client", equalTo("shared")));
	}

}
