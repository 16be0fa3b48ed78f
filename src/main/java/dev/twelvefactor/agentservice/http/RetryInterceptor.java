package dev.twelvefactor.agentservice.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a request again after a connection error, a 429 or a 5xx, with exponential
 * backoff and jitter, waiting as long as a {@code Retry-After} header asks when it asks
 * for a bearable time. Other 4xx are passed on at once: trying them again cannot help. A
 * request tagged with a {@link ReadBack} is read back before each further try and sent
 * again only when the server does not have it.
 */
public class RetryInterceptor implements Interceptor {

	private static final Logger logger = LoggerFactory.getLogger(RetryInterceptor.class);

	private final int maxRetries;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Duration maxRetryAfter;

	private final Clock clock;

	private final Sleeper sleeper;

	public RetryInterceptor(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
		this(maxRetries, initialBackoff, maxBackoff, maxRetryAfter, Clock.systemUTC(),
				(wait) -> Thread.sleep(wait.toMillis()));
	}

	/**
	 * Creates an interceptor that reads HTTP dates against a clock and waits with a
	 * sleeper, so that tests need not wait in real time.
	 * @param maxRetries how many times a request is tried again
	 * @param initialBackoff the first wait, doubled for each further try
	 * @param maxBackoff the longest wait between tries
	 * @param maxRetryAfter the longest {@code Retry-After} honoured
	 * @param clock the clock a {@code Retry-After} date is compared with
	 * @param sleeper how the interceptor waits
	 */
	public RetryInterceptor(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
			Clock clock, Sleeper sleeper) {
		this.maxRetries = maxRetries;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		this.maxRetryAfter = maxRetryAfter;
		this.clock = clock;
		this.sleeper = sleeper;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		Request request = chain.request();
		ReadBack readBack = request.tag(ReadBack.class);
		for (int attempt = 0;; attempt++) {
			Response response;
			try {
				response = (attempt > 0 && readBack != null) ? readBackThenSend(chain, request, readBack)
						: chain.proceed(request);
			}
			catch (IOException ex) {
				if (attempt >= this.maxRetries || Thread.currentThread().isInterrupted()) {
					throw ex;
				}
				pause(request, attempt, backoff(attempt), ex.toString());
				continue;
			}
			if (!isRetryable(response.code()) || attempt >= this.maxRetries) {
				return response;
			}
			Duration wait = wait(attempt, response.header("Retry-After"));
			if (wait == null) {
				return response;
			}
			response.close();
			pause(request, attempt, wait, "status " + response.code());
		}
	}

	/**
	 * The answer to a create tried before: what the server has under it when an earlier
	 * try arrived, else the answer to sending it again.
	 */
	private static Response readBackThenSend(Chain chain, Request create, ReadBack readBack) throws IOException {
		Response found = chain.proceed(readBack.request());
		if (found.code() != 404) {
			if (found.isSuccessful()) {
				logger.info("{} {} arrived although its answer was lost; it is not sent again.", create.method(),
						create.url().encodedPath());
			}
			return found;
		}
		found.close();
		return chain.proceed(create);
	}

	private static boolean isRetryable(int code) {
		return code == 429 || code >= 500;
	}

	/**
	 * How long to wait before the next try, or {@code null} when the server asks for
	 * longer than we are willing to wait.
	 */
	private Duration wait(int attempt, String retryAfter) {
		Duration asked = parseRetryAfter(retryAfter, this.clock);
		if (asked == null) {
			return backoff(attempt);
		}
		return (asked.compareTo(this.maxRetryAfter) <= 0) ? asked : null;
	}

	/**
	 * Reads {@code Retry-After} as seconds or as an HTTP date.
	 * @param value the header, possibly {@code null}
	 * @param clock the clock that tells how far a date is
	 * @return the wait it asks for, or {@code null} when absent or unreadable
	 */
	static Duration parseRetryAfter(String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				Duration until = Duration.between(ZonedDateTime.now(clock),
						ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	/**
	 * Exponential backoff with jitter: between half and all of
	 * {@code initialBackoff * 2^attempt}, capped at {@code maxBackoff}.
	 */
	Duration backoff(int attempt) {
		long ceiling = Math.min(this.maxBackoff.toMillis(), this.initialBackoff.toMillis() << Math.min(attempt, 30));
		long half = ceiling / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
	}

	private void pause(Request request, int attempt, Duration wait, String reason) throws InterruptedIOException {
		logger.info("{} {} failed ({}); try {} of {} in {} ms.", request.method(), request.url().encodedPath(), reason,
				attempt + 2, this.maxRetries + 1, wait.toMillis());
		try {
			this.sleeper.sleep(wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting to retry");
		}
	}

	/**
	 * Waits between two tries.
	 */
	@FunctionalInterface
	public interface Sleeper {

		/**
		 * Waits.
		 * @param wait how long
		 * @throws InterruptedException when the thread is interrupted while it waits
		 */
		void sleep(Duration wait) throws InterruptedException;

	}

}
