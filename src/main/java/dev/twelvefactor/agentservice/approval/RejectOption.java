package dev.twelvefactor.agentservice.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A canned rejection a person can pick instead of writing one, sent in HumanLayer's
 * {@code spec.reject_options}; the model reads the name of the one picked.
 *
 * @param name the option's name, unique within its rule, such as {@code not now}
 * @param title what the person sees, when it differs from the name
 * @param description more words for the person
 * @param promptFill text the person's comment starts with
 * @param interactive whether the person may edit that text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RejectOption(String name, String title, String description,
		@JsonProperty("prompt_fill") String promptFill, Boolean interactive) {

	/**
	 * An option given by its name alone.
	 * @param name the name, also shown as its title
	 * @return the option
	 */
	static RejectOption named(String name) {
		return new RejectOption(name, name, null, null, null);
	}

}
