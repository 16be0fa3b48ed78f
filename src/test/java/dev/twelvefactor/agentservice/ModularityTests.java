package dev.twelvefactor.agentservice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.Options;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each top-level package is a module: the build fails when one uses another's
 * package-private or internal types, depends on a module it does not declare, or when
 * modules form a cycle; and docs/ shows the modules as the code has them.
 */
class ModularityTests {

	private static final ApplicationModules modules = ApplicationModules.of(AgentServiceApplication.class);

	private static final Path DIAGRAM = Path.of("docs/modules.puml");

	private static final Path GENERATED = Path.of("target/spring-modulith-docs");

	@Test
	void modulesKeepToTheirPublicFacesAndDeclaredDependencies() {
		modules.verify();
	}

	@Test
	void theDiagramInDocsIsTheModulesAsTheyAre() throws IOException {
		new Documenter(modules, Options.defaults().withOutputFolder(GENERATED.toString()))
			.writeModulesAsPlantUml(DiagramOptions.defaults());
		Path generated = GENERATED.resolve("components.puml");
		assertThat(Files.readAllLines(DIAGRAM))
			.as("%s is out of date: copy %s over it, and check docs/architecture.md", DIAGRAM, generated)
			.containsExactlyInAnyOrderElementsOf(Files.readAllLines(generated));
	}

}
