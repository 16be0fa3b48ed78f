package dev.twelvefactor.agentservice.agent;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a paused thread waits before its request is escalated, and before it gives up
 * and tells the model nobody answered; {@code null} waits forever.
 *
 * @param approvalEscalateAfter when an approval is escalated
 * @param approvalExpireAfter when an approval counts as not given
 * @param questionEscalateAfter when a {@code request_more_information} question is
 * escalated
 * @param questionExpireAfter when a question counts as unanswered
 * @param checkInterval how often deadlines are checked
 */
@ConfigurationProperties("agent.deadlines")
record DeadlineProperties(Duration approvalEscalateAfter, Duration approvalExpireAfter, Duration questionEscalateAfter,
		Duration questionExpireAfter, Duration checkInterval) {

	/**
	 * The shortest wait after which anything happens: a thread that waited less needs no
	 * check.
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
