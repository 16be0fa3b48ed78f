package dev.twelvefactor.agentservice.humanlayer;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * HumanLayer's {@code ResponseOption}: a canned answer a person can pick, here a function
 * call's reject option.
 *
 * @param name the option's name, which the answer's {@code reject_option_name} carries
 * @param title what the person sees
 * @param description more words for the person
 * @param promptFill text the person's comment starts with
 * @param interactive whether the person may edit that text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResponseOption(String name, String title, String description, String promptFill, Boolean interactive) {

}
