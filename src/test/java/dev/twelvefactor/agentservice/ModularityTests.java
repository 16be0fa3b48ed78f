package dev.twelvefactor.agentservice;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	private static final ApplicationModules modules = ApplicationModules.of(AgentServiceApplication.class);

	@Test
	void modulesUseOnlyEachOthersPublicFacesAndFormNoCycle() {
		modules.forEach(System.out::println);
		modules.verify();
	}

}
