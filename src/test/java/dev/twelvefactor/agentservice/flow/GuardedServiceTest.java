package dev.twelvefactor.agentservice.flow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The running app with {@code AGENT_API_TOKEN} and {@code HUMANLAYER_WEBHOOK_SECRET} set:
 * the API and the local inbox want the token, {@code /webhook} a signature. The test
 * classes annotated with it share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "agent.security.api-token=" + GuardedServiceTest.TOKEN,
				"agent.webhook.secret=" + GuardedServiceTest.SECRET })
@AutoConfigureRestTestClient
public @interface GuardedServiceTest {

	/** The API token the app wants. */
	String TOKEN = "test-api-token";

	/** The secret the app checks webhook signatures with. */
	String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

}
