package dev.twelvefactor.agentservice.http;

import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one outbound HTTP client: a shared connection pool, timeouts and retries, which
 * each API client may narrow with {@link OkHttpClient#newBuilder()}. The loops call
 * synchronously, so OkHttp's dispatcher limits (which bound asynchronous calls) do not
 * apply; the pool is what must fit the loops running at once.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

	/** OkHttp's own default. */
	private static final long IDLE_CONNECTION_LIFETIME_MINUTES = 5;

	@Bean(destroyMethod = "")
	OkHttpClient okHttpClient(HttpProperties properties) {
		return new OkHttpClient.Builder()
			.connectionPool(new ConnectionPool(properties.maxIdleConnections(), IDLE_CONNECTION_LIFETIME_MINUTES,
					TimeUnit.MINUTES))
			.connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.writeTimeout(properties.readTimeout())
			.addInterceptor(new RetryInterceptor(properties.maxRetries(), properties.initialBackoff(),
					properties.maxBackoff(), properties.maxRetryAfter()))
			.build();
	}

}
