package dev.twelvefactor.agentservice.agent;

import java.time.Duration;

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
	 * Whether any request ever times out; if none does, nothing needs checking.
	 * @return true when at least one deadline is set
	 */
	boolean anySet() {
		return this.approvalEscalateAfter != null || this.approvalExpireAfter != null
				|| this.questionEscalateAfter != null || this.questionExpireAfter != null;
	}

}
