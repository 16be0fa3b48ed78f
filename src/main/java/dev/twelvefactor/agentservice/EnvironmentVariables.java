package dev.twelvefactor.agentservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Sets the one property each documented environment variable stands for
 * ({@code AGENT_MAX_STEPS} sets {@code agent.loop.max-steps}), as
 * {@code environment-variables.properties} lists them, so the variables keep their short
 * names while the defaults live in the properties records. A variable set ranks as an
 * environment variable does: above {@code application.properties}, below system
 * properties and command-line arguments.
 */
class EnvironmentVariables implements EnvironmentPostProcessor {

	/** The table of variables, each with the property it sets. */
	static final String TABLE = "environment-variables.properties";

	private static final String SOURCE = "documentedEnvironmentVariables";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> settings = new LinkedHashMap<>();
		table().forEach((variable, property) -> {
			String value = environment.getProperty((String) variable);
			if (value != null) {
				settings.put((String) property, value);
			}
		});
		environment.getPropertySources()
			.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new MapPropertySource(SOURCE, settings));
	}

	/**
	 * The documented variables, each with the property it sets.
	 * @return variable names as keys, property names as values
	 */
	static Properties table() {
		try {
			return PropertiesLoaderUtils.loadProperties(new ClassPathResource(TABLE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
