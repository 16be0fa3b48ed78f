package dev.twelvefactor.agentservice.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StandardWebhooksSignature} and the secret's form, with the Standard
 * Webhooks specification's example. The library reads the system clock, so deliveries are
 * signed at times relative to now.
 */
class WebhookSignatureTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String OTHER_SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";

	private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long TIMESTAMP = 1614265330;

	private static final String BODY_TEXT = "{\"test\": 2432232314}";

	private static final byte[] BODY = BODY_TEXT.getBytes(StandardCharsets.UTF_8);

	private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	private final StandardWebhooksSignature signature = new StandardWebhooksSignature(new Webhook(SECRET));

	@Test
	void signingTheSpecificationsExampleGivesItsSignature() throws Exception {
		assertThat(new Webhook(SECRET).sign(ID, TIMESTAMP, BODY_TEXT)).isEqualTo(EXPECTED);
	}

	@Test
	void aDeliverySignedNowVerifies() {
		long now = now();

		assertThatNoException().isThrownBy(() -> this.signature.verify(ID, Long.toString(now), sign(ID, now), BODY));
	}

	@Test
	void oneMatchingSignatureAmongSeveralIsEnough() {
		long now = now();
		String signatures = "v1,Ymxh v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= " + sign(ID, now)
				+ " v1,bm9wZQ==";

		assertThatNoException().isThrownBy(() -> this.signature.verify(ID, Long.toString(now), signatures, BODY));
	}

	@Test
	void aSignatureMadeWithAnotherSecretIsRefused() throws Exception {
		long now = now();
		String forged = new Webhook(OTHER_SECRET).sign(ID, now, BODY_TEXT);

		assertRefused(() -> this.signature.verify(ID, Long.toString(now), forged, BODY), "matches");
	}

	@Test
	void aTamperedBodyIsRefused() {
		long now = now();
		byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

		assertRefused(() -> this.signature.verify(ID, Long.toString(now), sign(ID, now), tampered), "matches");
	}

	@Test
	void anotherIdIsRefused() {
		long now = now();

		assertRefused(() -> this.signature.verify("msg_other", Long.toString(now), sign(ID, now), BODY), "matches");
	}

	@Test
	void aTimestampMoreThanFiveMinutesOldIsRefusedEvenWhenSigned() {
		long old = now() - Duration.ofMinutes(5).plusSeconds(1).toSeconds();

		assertRefused(() -> this.signature.verify(ID, Long.toString(old), sign(ID, old), BODY), "5 minutes");
	}

	@Test
	void aTimestampMoreThanFiveMinutesAheadIsRefusedEvenWhenSigned() {
		long ahead = now() + Duration.ofMinutes(5).plusSeconds(1).toSeconds();

		assertRefused(() -> this.signature.verify(ID, Long.toString(ahead), sign(ID, ahead), BODY), "5 minutes");
	}

	@Test
	void aTimestampFiveMinutesOldIsStillAccepted() {
		await().until(() -> System.currentTimeMillis() % 1000 < 500);
		long fiveMinutesAgo = now() - Duration.ofMinutes(5).toSeconds();

		assertThatNoException()
			.isThrownBy(() -> this.signature.verify(ID, Long.toString(fiveMinutesAgo), sign(ID, fiveMinutesAgo), BODY));
	}

	@Test
	void missingHeadersAreRefused() {
		assertRefused(() -> this.signature.verify(null, "1614265330", EXPECTED, BODY), "lacks");
		assertRefused(() -> this.signature.verify(ID, null, EXPECTED, BODY), "lacks");
		assertRefused(() -> this.signature.verify(ID, "1614265330", " ", BODY), "lacks");
	}

	@Test
	void malformedHeadersAreRefused() {
		long now = now();
		String signed = sign(ID, now);
		assertRefused(() -> this.signature.verify(ID, "2021-02-25T15:02:10Z", signed, BODY), "whole seconds");
		assertRefused(() -> this.signature.verify(ID, Long.toString(now), signed.substring(3), BODY), "matches");
		assertRefused(() -> this.signature.verify(ID, Long.toString(now), "v1,not base64!", BODY), "matches");
		assertRefused(() -> this.signature.verify(ID, Long.toString(now), "v2," + signed.substring(3), BODY),
				"matches");
	}

	@Test
	void aSecretWithoutThePrefixOrNotInBase64IsRefusedWithoutShowingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebhookProperties("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true))
			.withMessageContaining("whsec_")
			.withMessageNotContaining("MfKQ9r8G");
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookProperties("whsec_not-base64!", true))
			.withMessageContaining("base64")
			.withMessageNotContaining("not-base64");
	}

	@Test
	void aSecretShorterThanTwentyFourBytesIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookProperties("whsec_c2hvcnQ=", true))
			.withMessageContaining("24 bytes");
	}

	@Test
	void theSecretIsNotInToString() {
		assertThat(this.signature.toString()).doesNotContain("MfKQ9r8G").contains("(set)");
		assertThat(new WebhookProperties(SECRET, true).toString()).doesNotContain("MfKQ9r8G").contains("(set)");
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static String sign(String id, long timestamp) {
		try {
			return new Webhook(SECRET).sign(id, timestamp, BODY_TEXT);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertRefused(Runnable verification, String detail) {
		assertThatExceptionOfType(InvalidSignature.class).isThrownBy(verification::run)
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(401))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).contains(detail));
	}

}
