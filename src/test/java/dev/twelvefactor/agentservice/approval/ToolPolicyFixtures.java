package dev.twelvefactor.agentservice.approval;

/**
 * A policy with every form, for the tests.
 */
final class ToolPolicyFixtures {

	static final String POLICY = """
			divide:
			  when: always
			  reject_options:
			    - use another number
			    - name: not_now
			      title: Not now
			      description: Ask again later
			      prompt_fill: "later, because "
			      interactive: true
			  channel: C0123ABCDEF
			everything.echo: never
			refund: "amount > 100"
			"github.*": always
			"*.delete_*":
			  when: always
			  channel: ops@example.com
			"*.read": "path.startsWith('/etc') or tags.contains('secret')"
			""";

	private ToolPolicyFixtures() {
	}

}
