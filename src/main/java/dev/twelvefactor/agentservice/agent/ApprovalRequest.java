package dev.twelvefactor.agentservice.agent;

import java.util.List;
import java.util.Map;

import dev.twelvefactor.agentservice.approval.ApprovalChannel;
import dev.twelvefactor.agentservice.approval.RejectOption;
import dev.twelvefactor.agentservice.thread.Channel;

/**
 * What a person is asked to approve: the tool, its arguments, the canned rejections the
 * policy offers and where to ask.
 *
 * @param function the tool's name
 * @param arguments its checked arguments, shown to the person
 * @param rejectOptions canned rejections, possibly none
 * @param channel where to ask, or {@code null} for the default channel of approvals
 */
public record ApprovalRequest(String function, Map<String, Object> arguments, List<RejectOption> rejectOptions,
		Channel channel) {

	public ApprovalRequest {
		rejectOptions = List.copyOf(rejectOptions);
	}

	/**
	 * A request asked where the approval policy's rule says, if it names a channel.
	 * @param function the tool's name
	 * @param arguments its checked arguments
	 * @param rejectOptions canned rejections, possibly none
	 * @param channel the rule's channel, or {@code null}
	 * @return the request
	 */
	static ApprovalRequest of(String function, Map<String, Object> arguments, List<RejectOption> rejectOptions,
			ApprovalChannel channel) {
		Channel asked = null;
		if (channel != null && channel.email() != null) {
			asked = Channel.of(new Channel.Email(channel.email(), null));
		}
		else if (channel != null && channel.slack() != null) {
			asked = Channel.of(new Channel.Slack(channel.slack(), null, null));
		}
		return new ApprovalRequest(function, arguments, rejectOptions, asked);
	}

	/**
	 * The same request, asked on the given channel unless a rule named one: a thread's
	 * approvals go where its other requests go.
	 * @param channel the thread's channel, or {@code null} for the defaults
	 * @return the request with its channel
	 */
	ApprovalRequest orOn(Channel channel) {
		return (this.channel != null) ? this
				: new ApprovalRequest(this.function, this.arguments, this.rejectOptions, channel);
	}

}
