package dev.twelvefactor.agentservice.http;

import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one outbound HTTP client: a shared connection pool, timeouts and retries, which
 * each API client may narrow with {@link OkHttpClient#newBuilder()}.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

	@Bean(destroyMethod = "")
	OkHttpClient okHttpClient(HttpProperties properties) {
		return new OkHttpClient.Builder().connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.writeTimeout(properties.readTimeout())
			.addInterceptor(new RetryInterceptor(properties.maxRetries(), properties.initialBackoff(),
					properties.maxBackoff(), properties.maxRetryAfter()))
			.build();
	}

}
