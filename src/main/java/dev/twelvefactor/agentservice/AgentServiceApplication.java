package dev.twelvefactor.agentservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Runs an agent that pauses whenever a human must step in and resumes on a webhook.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AgentServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(AgentServiceApplication.class, args);
	}

}
