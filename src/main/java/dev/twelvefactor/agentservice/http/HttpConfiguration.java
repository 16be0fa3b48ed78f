package dev.twelvefactor.agentservice.http;

import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one outbound HTTP client: a shared connection pool, timeouts and retries, which
 * each API client may narrow with {@link OkHttpClient#newBuilder()}. The loops call
 * synchronously, so OkHttp's dispatcher limits (which bound asynchronous calls) do not
 * apply; the pool is what must fit the loops running at once, and the clients the loops
 * call through split it into {@link ConnectionStripes}.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

	@Bean(destroyMethod = "")
	OkHttpClient okHttpClient(HttpProperties properties) {
		return new OkHttpClient.Builder().connectionPool(ConnectionStripes.pool(properties.maxIdleConnections()))
			.connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.writeTimeout(properties.readTimeout())
			.addInterceptor(new RetryInterceptor(properties.maxRetries(), properties.initialBackoff(),
					properties.maxBackoff(), properties.maxRetryAfter()))
			.build();
	}

}
