package dev.twelvefactor.agentservice.humanlayer;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Where HumanLayer reaches a person; this service contacts by email.
 *
 * @param email the email channel
 */
public record ContactChannel(Email email) {

	/**
	 * An email address to contact.
	 *
	 * @param address the address
	 * @param contextAboutUser who that is, for the model
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Email(String address, String contextAboutUser) {
	}

}
