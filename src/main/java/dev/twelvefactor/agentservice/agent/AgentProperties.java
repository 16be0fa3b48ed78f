package dev.twelvefactor.agentservice.agent;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Bounds on the loops: how far one run may go, how many run at once, and how long a
 * paused thread waits for its human.
 *
 * @param maxSteps the most model calls in one run, from launch or resume to pause, so a
 * confused model cannot spin forever
 * @param maxConsecutiveErrors how many errors in a row fail the thread
 * @param stepTimeout how long one model step may take, its client's tries and waits
 * included, before the thread fails, so a hung model cannot hold a loop forever
 * @param executor how many loops run at once and how many launches may wait
 * @param deadlines how long a pending request waits before it is escalated or given up
 * @param calculator the largest numbers the calculator takes and gives
 */
@ConfigurationProperties("agent.loop")
record AgentProperties(@DefaultValue("20") int maxSteps, @DefaultValue("3") int maxConsecutiveErrors,
		@DefaultValue("60s") Duration stepTimeout, @DefaultValue Executor executor, @DefaultValue Deadlines deadlines,
		@DefaultValue CalculatorBounds calculator) {

	AgentProperties {
		Assert.isTrue(maxSteps > 0, "AGENT_MAX_STEPS must be positive");
		Assert.isTrue(maxConsecutiveErrors > 0, "AGENT_MAX_CONSECUTIVE_ERRORS must be positive");
		Assert.isTrue(stepTimeout != null && !stepTimeout.isNegative() && !stepTimeout.isZero(),
				"AGENT_LLM_STEP_TIMEOUT must be a positive duration");
	}

	/**
	 * How many loops run at once and how many launches may wait. How long a stopping
	 * service lets running steps finish is Spring's
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}, which also bounds the requests
	 * still being answered.
	 *
	 * @param maxConcurrent loops running at the same time
	 * @param queueCapacity launched loops that may wait for a free slot; beyond it
	 * {@code POST /thread} answers 503
	 * @param retryAfter what a refused client is told to wait
	 */
	record Executor(@DefaultValue("1000") int maxConcurrent, @DefaultValue("10000") int queueCapacity,
			@DefaultValue("5s") Duration retryAfter) {

		Executor {
			Assert.isTrue(maxConcurrent > 0, "AGENT_MAX_CONCURRENT_LOOPS must be positive");
			Assert.isTrue(queueCapacity >= 0, "AGENT_LOOP_QUEUE_CAPACITY must not be negative");
		}

	}

	/**
	 * How long a paused thread waits before its request is escalated, and before it gives
	 * up and tells the model nobody answered; {@code null} waits forever.
	 *
	 * @param approvalEscalateAfter when an approval is escalated
	 * @param approvalExpireAfter when an approval counts as not given
	 * @param questionEscalateAfter when a {@code request_more_information} question is
	 * escalated
	 * @param questionExpireAfter when a question counts as unanswered
	 * @param checkInterval how often deadlines are checked
	 */
	record Deadlines(Duration approvalEscalateAfter, Duration approvalExpireAfter, Duration questionEscalateAfter,
			Duration questionExpireAfter, @DefaultValue("5s") Duration checkInterval) {

		/**
		 * The shortest wait after which anything happens: a thread that waited less needs
		 * no check.
		 * @return the shortest deadline set, or {@code null} when none is
		 */
		Duration earliest() {
			return Stream
				.of(this.approvalEscalateAfter, this.approvalExpireAfter, this.questionEscalateAfter,
						this.questionExpireAfter)
				.filter(Objects::nonNull)
				.min(Duration::compareTo)
				.orElse(null);
		}

	}

	/**
	 * The largest numbers the calculator takes and gives, so that no request, from a user
	 * or a model, can make it compute, store or render numbers without bound.
	 *
	 * @param maxDigits the most significant digits of an operand or a result
	 * @param maxExponent the largest power of ten, up or down, of an operand or a result
	 * ({@code 1E+1000} and {@code 1E-1000} for 1000)
	 */
	record CalculatorBounds(@DefaultValue("1000") int maxDigits, @DefaultValue("1000") int maxExponent) {

		/**
		 * Above this, a number written without an exponent is too long for Jackson, which
		 * writes decimals in plain notation.
		 */
		private static final int MAX_PLAIN_DIGITS = 9_999;

		CalculatorBounds {
			Assert.isTrue(maxDigits > 0, "AGENT_CALCULATOR_MAX_DIGITS must be positive");
			Assert.isTrue(maxExponent >= 0, "AGENT_CALCULATOR_MAX_EXPONENT must not be negative");
			Assert.isTrue(maxDigits + maxExponent <= MAX_PLAIN_DIGITS, "AGENT_CALCULATOR_MAX_DIGITS plus "
					+ "AGENT_CALCULATOR_MAX_EXPONENT must be at most " + MAX_PLAIN_DIGITS);
		}

	}

}
