package dev.twelvefactor.agentservice.approval;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One rule of the approval policy: which tools it names, when their calls need approval,
 * and how to ask.
 *
 * @param pattern the tool's name, or a glob ({@code *} for any characters, {@code ?} for
 * one), as written
 * @param condition when a call needs approval
 * @param rejectOptions canned rejections to offer, possibly none
 * @param channel where to ask, or {@code null} for the service's default
 * @param line where the rule is in the policy file
 */
record Rule(String pattern, Condition condition, List<RejectOption> rejectOptions, ApprovalChannel channel, int line) {

	private static final Pattern NAME_OR_GLOB = Pattern.compile("[A-Za-z0-9_.\\-/:*?]+");

	Rule {
		rejectOptions = List.copyOf(rejectOptions);
	}

	/**
	 * Refuses a pattern that is no tool name or glob.
	 * @param pattern the pattern as written
	 * @throws IllegalArgumentException with the reason
	 */
	static void checkPattern(String pattern) {
		if (pattern.isBlank()) {
			throw new IllegalArgumentException("a rule needs a tool's name or a glob");
		}
		if (!NAME_OR_GLOB.matcher(pattern).matches()) {
			String wrong = pattern.chars()
				.filter((c) -> !NAME_OR_GLOB.matcher(Character.toString(c)).matches())
				.mapToObj(Character::toString)
				.findFirst()
				.orElse("?");
			throw new IllegalArgumentException("\"" + pattern + "\" is no tool name or glob: \"" + wrong
					+ "\" is not allowed; a glob has * for any characters and ? for one, and otherwise letters, "
					+ "digits and _ - . / :");
		}
	}

	boolean isGlob() {
		return this.pattern.indexOf('*') >= 0 || this.pattern.indexOf('?') >= 0;
	}

	/**
	 * Whether the rule names the tool.
	 * @param tool a tool's name
	 * @return true for its exact name, or a glob it matches
	 */
	boolean names(String tool) {
		return isGlob() ? matches(this.pattern, 0, tool, 0) : this.pattern.equals(tool);
	}

	/**
	 * Glob matching without regular expressions, so a pattern is never read as one.
	 */
	private static boolean matches(String glob, int g, String name, int n) {
		int star = -1;
		int afterStar = 0;
		while (n < name.length()) {
			if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n))) {
				g++;
				n++;
			}
			else if (g < glob.length() && glob.charAt(g) == '*') {
				star = g++;
				afterStar = n;
			}
			else if (star >= 0) {
				g = star + 1;
				n = ++afterStar;
			}
			else {
				return false;
			}
		}
		while (g < glob.length() && glob.charAt(g) == '*') {
			g++;
		}
		return g == glob.length();
	}

}
