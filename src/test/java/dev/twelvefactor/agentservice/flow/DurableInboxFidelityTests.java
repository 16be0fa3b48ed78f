package dev.twelvefactor.agentservice.flow;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link InboxFidelityTests} with the inbox's calls in the file store's database: every
 * field of a call and of its answer reads back as it was sent from there too. The
 * database lives in the build's output, since the cached application keeps it open until
 * the tests end.
 */
class DurableInboxFidelityTests extends InboxFidelityTests {

	@DynamicPropertySource
	static void fileStore(DynamicPropertyRegistry registry) {
		Path directory = Path.of("target", "inbox-fidelity-" + UUID.randomUUID());
		registry.add("agent.store.type", () -> "file");
		registry.add("agent.store.path", () -> directory.toAbsolutePath().toString());
	}

}
