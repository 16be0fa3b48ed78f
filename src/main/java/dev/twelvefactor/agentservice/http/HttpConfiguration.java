package dev.twelvefactor.agentservice.http;

import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one outbound HTTP client: a shared connection pool, timeouts and retries, which
 * each API client may narrow with {@link OkHttpClient#newBuilder()}. The clients the
 * loops call through, the model's and HumanLayer's, keep their connections in
 * {@link ConnectionStripes} sized for the loops running at once; the loops call
 * synchronously, so OkHttp's dispatcher limits (which bound asynchronous calls) do not
 * apply.
 */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

	@Bean(destroyMethod = "")
	OkHttpClient okHttpClient(HttpProperties properties) {
		return new OkHttpClient.Builder().connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.writeTimeout(properties.readTimeout())
			.addInterceptor(new RetryInterceptor(properties.retry().maxRetries(), properties.retry().initialBackoff(),
					properties.retry().maxBackoff(), properties.retry().maxRetryAfter()))
			.build();
	}

}
