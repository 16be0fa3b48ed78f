package dev.twelvefactor.agentservice.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link WebhookSignature}, with the Standard Webhooks specification's example.
 */
class WebhookSignatureTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String OTHER_SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";

	private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long TIMESTAMP = 1614265330;

	private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

	private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	private final WebhookSignature signature = at(Instant.ofEpochSecond(TIMESTAMP));

	@Test
	void signingTheSpecificationsExampleGivesItsSignature() {
		assertThat(this.signature.sign(ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
	}

	@Test
	void theSpecificationsExampleVerifies() {
		assertThatNoException().isThrownBy(() -> this.signature.verify(ID, "1614265330", EXPECTED, BODY));
	}

	@Test
	void headersSignTheBodyWithTheCurrentTime() {
		Map<String, String> headers = this.signature.headers(ID, BODY);

		assertThat(headers).containsExactly(Map.entry("webhook-id", ID), Map.entry("webhook-timestamp", "1614265330"),
				Map.entry("webhook-signature", EXPECTED));
	}

	@Test
	void oneMatchingSignatureAmongSeveralIsEnough() {
		String signatures = "v1,Ymxh v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= " + EXPECTED + " v1,bm9wZQ==";

		assertThatNoException().isThrownBy(() -> this.signature.verify(ID, "1614265330", signatures, BODY));
	}

	@Test
	void aSignatureMadeWithAnotherSecretIsRefused() {
		String forged = new WebhookSignature(OTHER_SECRET).sign(ID, TIMESTAMP, BODY);

		assertRefused(() -> this.signature.verify(ID, "1614265330", forged, BODY), "matches");
	}

	@Test
	void aTamperedBodyIsRefused() {
		byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

		assertRefused(() -> this.signature.verify(ID, "1614265330", EXPECTED, tampered), "matches");
	}

	@Test
	void anotherIdIsRefused() {
		assertRefused(() -> this.signature.verify("msg_other", "1614265330", EXPECTED, BODY), "matches");
	}

	@Test
	void aTimestampMoreThanFiveMinutesOldIsRefusedEvenWhenSigned() {
		WebhookSignature later = at(Instant.ofEpochSecond(TIMESTAMP).plus(Duration.ofMinutes(5)).plusSeconds(1));

		assertRefused(() -> later.verify(ID, "1614265330", EXPECTED, BODY), "5 minutes");
	}

	@Test
	void aTimestampMoreThanFiveMinutesAheadIsRefusedEvenWhenSigned() {
		WebhookSignature earlier = at(Instant.ofEpochSecond(TIMESTAMP).minus(Duration.ofMinutes(5)).minusSeconds(1));

		assertRefused(() -> earlier.verify(ID, "1614265330", EXPECTED, BODY), "5 minutes");
	}

	@Test
	void aTimestampFiveMinutesOldIsStillAccepted() {
		WebhookSignature later = at(Instant.ofEpochSecond(TIMESTAMP).plus(Duration.ofMinutes(5)));

		assertThatNoException().isThrownBy(() -> later.verify(ID, "1614265330", EXPECTED, BODY));
	}

	@Test
	void missingHeadersAreRefused() {
		assertRefused(() -> this.signature.verify(null, "1614265330", EXPECTED, BODY), "lacks");
		assertRefused(() -> this.signature.verify(ID, null, EXPECTED, BODY), "lacks");
		assertRefused(() -> this.signature.verify(ID, "1614265330", " ", BODY), "lacks");
	}

	@Test
	void malformedHeadersAreRefused() {
		assertRefused(() -> this.signature.verify(ID, "2021-02-25T15:02:10Z", EXPECTED, BODY), "whole seconds");
		assertRefused(
				() -> this.signature.verify(ID, "1614265330", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", BODY),
				"matches");
		assertRefused(() -> this.signature.verify(ID, "1614265330", "v1,not base64!", BODY), "matches");
		assertRefused(() -> this.signature.verify(ID, "1614265330", "v2," + EXPECTED.substring(3), BODY), "matches");
	}

	@Test
	void aSecretWithoutThePrefixOrNotInBase64IsRefusedWithoutShowingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSignature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
			.withMessageContaining("whsec_")
			.withMessageNotContaining("MfKQ9r8G");
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSignature("whsec_not-base64!"))
			.withMessageContaining("base64")
			.withMessageNotContaining("not-base64");
	}

	@Test
	void aSecretShorterThanTwentyFourBytesIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSignature("whsec_c2hvcnQ="))
			.withMessageContaining("24 bytes");
	}

	@Test
	void theSecretIsNotInToString() {
		assertThat(this.signature.toString()).doesNotContain("MfKQ9r8G").contains("(set)");
	}

	private static WebhookSignature at(Instant now) {
		return new WebhookSignature(SECRET, Clock.fixed(now, ZoneOffset.UTC));
	}

	private static void assertRefused(Runnable verification, String detail) {
		assertThatExceptionOfType(InvalidSignature.class).isThrownBy(verification::run)
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(401))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).contains(detail));
	}

}
