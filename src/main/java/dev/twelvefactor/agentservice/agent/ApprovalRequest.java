package dev.twelvefactor.agentservice.agent;

import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.approval.ApprovalChannel;
import dev.twelvefactor.agentservice.approval.RejectOption;

/**
 * What a person is asked to approve: the tool, its arguments, the canned rejections the
 * policy offers and where to ask.
 *
 * @param function the tool's name
 * @param arguments its checked arguments, shown to the person
 * @param rejectOptions canned rejections, possibly none
 * @param channel where to ask, or {@code null} for the default
 */
public record ApprovalRequest(String function, Map<String, Object> arguments, List<RejectOption> rejectOptions,
		ApprovalChannel channel) {

	public ApprovalRequest {
		rejectOptions = List.copyOf(rejectOptions);
	}

}
