package dev.twelvefactor.agentservice.approval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.twelvefactor.agentservice.tool.ToolRegistries;
import dev.twelvefactor.agentservice.tool.ToolRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of error in the approval policy file stops the service, with the file, the
 * line and the reason.
 */
class PolicyFileErrorTests {

	@TempDir
	Path temp;

	private final ApplicationContextRunner service = new ApplicationContextRunner()
		.withBean(ToolRegistry.class, () -> ToolRegistries.of(List.of()))
		.withUserConfiguration(Policy.class);

	@Test
	void textThatIsNotYamlStopsTheService() throws IOException {
		assertStopsWith("divide: always\nrefund: [never\n", "is wrong at line 3: it is not valid YAML");
	}

	@Test
	void aPolicyThatIsNoMapStopsTheService() throws IOException {
		assertStopsWith("- divide\n- refund\n",
				"is wrong at line 1: the policy must be a map of tool names or globs to rules");
	}

	@Test
	void aGlobWithACharacterNoToolNameHasStopsTheService() throws IOException {
		assertStopsWith("divide: always\ngithub.[a-z]*: never\n",
				"is wrong at line 2: \"github.[a-z]*\" is no tool name or glob: \"[\" is not allowed");
	}

	@Test
	void anExpressionThatCannotBeParsedStopsTheService() throws IOException {
		assertStopsWith("refund: \"amount >\"\n",
				"is wrong at line 1: the rule of refund: the condition \"amount >\" is no expression");
	}

	@Test
	void anExpressionWithATypeReferenceStopsTheService() throws IOException {
		assertStopsWith("refund: \"T(java.lang.Runtime).getRuntime() != null\"\n",
				"the condition \"T(java.lang.Runtime).getRuntime() != null\" uses a type reference");
	}

	@Test
	void anExpressionWithABeanReferenceStopsTheService() throws IOException {
		assertStopsWith("refund:\n  when: \"@toolRegistry != null\"\n",
				"is wrong at line 2: the rule of refund: the condition \"@toolRegistry != null\" uses a bean reference");
	}

	@Test
	void anExpressionThatCallsAMethodOffTheSafeListStopsTheService() throws IOException {
		assertStopsWith("refund: \"reason.getClass() != null\"\n",
				"the condition \"reason.getClass() != null\" calls getClass(), which a condition may not");
	}

	@Test
	void anExpressionWithAConstructorStopsTheService() throws IOException {
		assertStopsWith("refund: \"new java.io.File('x').exists()\"\n", "uses a constructor");
	}

	@Test
	void anUnknownKeyInALongRuleStopsTheService() throws IOException {
		assertStopsWith("divide:\n  when: always\n  wehn: never\n",
				"is wrong at line 3: the rule of divide has \"wehn\", which is none of channel, reject_options, when");
	}

	@Test
	void aChannelThatIsNeitherAnEmailNorASlackIdStopsTheService() throws IOException {
		assertStopsWith("divide:\n  channel: \"#ops\"\n",
				"is wrong at line 2: the rule of divide: channel \"#ops\" is neither an email address nor a Slack "
						+ "channel id");
	}

	@Test
	void aRejectOptionNamedTwiceStopsTheService() throws IOException {
		assertStopsWith("divide:\n  reject_options:\n    - not now\n    - not now\n",
				"is wrong at line 4: the reject_options of divide name \"not now\" twice");
	}

	@Test
	void twoRulesForOneToolStopTheService() throws IOException {
		assertStopsWith("divide: always\nadd: never\ndivide: never\n",
				"is wrong at line 3: \"divide\" has a rule already");
	}

	@Test
	void anEmptyConditionStopsTheService() throws IOException {
		assertStopsWith("divide:\n", "is wrong at line 1: the rule of divide: the condition is empty");
	}

	@Test
	void aPolicyThatIsNoFileStopsTheService() {
		Path missing = this.temp.resolve("missing.yml");
		this.service.withPropertyValues("agent.approval.policy=" + missing)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("AGENT_APPROVAL_POLICY names " + missing + ", which is no file"));
	}

	@Test
	void aGoodPolicyStartsTheService() throws IOException {
		Path file = Files.writeString(this.temp.resolve("policy.yml"), ToolPolicyFixtures.POLICY);
		this.service.withPropertyValues("agent.approval.policy=" + file)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ApprovalPolicy.class));
	}

	private void assertStopsWith(String yaml, String message) throws IOException {
		Path file = Files.writeString(this.temp.resolve("policy.yml"), yaml);
		this.service.withPropertyValues("agent.approval.policy=" + file)
			.run((context) -> assertThat(reason(context.getStartupFailure()))
				.startsWith("The approval policy file [" + file + "] is wrong at line")
				.contains(message));
	}

	/**
	 * What the service says when it stops: the message of the exception the policy threw.
	 */
	private static String reason(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().startsWith("The approval policy")) {
				return cause.getMessage();
			}
		}
		throw new AssertionError("The service did not stop for its policy", failure);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ApprovalProperties.class)
	@Import(ApprovalPolicy.class)
	static class Policy {

	}

}
