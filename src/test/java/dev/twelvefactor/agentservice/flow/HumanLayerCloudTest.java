package dev.twelvefactor.agentservice.flow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The running app against {@link HumanLayerCloud}, with a short read timeout and quick
 * retries so that HumanLayer's faults show in well under a second. The test classes
 * annotated with it share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agent.http.read-timeout=1s", "agent.http.retry.max-retries=2",
				"agent.http.retry.initial-backoff=10ms", "agent.http.retry.max-backoff=50ms" })
@AutoConfigureRestTestClient
@Import(HumanLayerCloud.class)
@interface HumanLayerCloudTest {

}
