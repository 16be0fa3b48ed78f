package dev.twelvefactor.agentservice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting of application.properties, each {@code ${ENV:default}}, is documented
 * with its default in docs/configuration.md and listed with it in .env.example, and
 * neither names a variable the service no longer reads.
 */
class ConfigurationDocsTests {

	private static final Pattern SETTING = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");

	/**
	 * A row of the tables in docs/configuration.md: {@code | `NAME` | `default` | ...}.
	 */
	private static final Pattern DOCUMENTED = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\| ([^|]*) \\|");

	private static final Pattern LISTED = Pattern.compile("(?m)^([A-Z][A-Z0-9_]*)=(.*)$");

	@Test
	void everySettingIsDocumentedWithItsDefault() throws IOException {
		Map<String, String> documented = collect(DOCUMENTED, read("docs/configuration.md"));
		settings().forEach((name, value) -> {
			assertThat(documented).as("docs/configuration.md documents " + name).containsKey(name);
			String expected = value.isEmpty() ? "empty" : "`" + value + "`";
			assertThat(documented.get(name).trim()).as("default of " + name + " in docs/configuration.md")
				.isEqualTo(expected);
		});
	}

	@Test
	void everySettingIsListedWithItsDefaultInTheEnvExample() throws IOException {
		Map<String, String> listed = collect(LISTED, read(".env.example"));
		settings().forEach((name, value) -> {
			assertThat(listed).as(".env.example lists " + name).containsKey(name);
			assertThat(listed.get(name).trim()).as("default of " + name + " in .env.example").isEqualTo(value);
		});
	}

	@Test
	void neitherNamesAVariableTheServiceDoesNotRead() throws IOException {
		Map<String, String> settings = settings();
		assertThat(collect(DOCUMENTED, read("docs/configuration.md")).keySet()).as("docs/configuration.md")
			.isSubsetOf(settings.keySet());
		assertThat(collect(LISTED, read(".env.example")).keySet()).as(".env.example").isSubsetOf(settings.keySet());
	}

	private static Map<String, String> settings() throws IOException {
		Map<String, String> settings = collect(SETTING, read("src/main/resources/application.properties"));
		assertThat(settings).as("settings in application.properties").hasSizeGreaterThan(30);
		return settings;
	}

	private static Map<String, String> collect(Pattern pattern, String text) {
		Map<String, String> found = new LinkedHashMap<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.put(matcher.group(1), matcher.group(2));
		}
		return found;
	}

	private static String read(String path) throws IOException {
		return Files.readString(Path.of(path));
	}

}
