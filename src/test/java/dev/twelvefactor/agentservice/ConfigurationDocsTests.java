package dev.twelvefactor.agentservice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable of environment-variables.properties sets a property the
 * service binds (its own, in the metadata generated from the properties records, or
 * Spring Boot's, fixed in application.properties), is documented with that property and
 * its default in docs/configuration.md and listed with the default in .env.example; every
 * property of the service is set by one variable; and neither document names a variable
 * the service does not read.
 */
class ConfigurationDocsTests {

	/**
	 * A row of the tables in docs/configuration.md:
	 * {@code | `NAME` | `default` | `property` | ...}.
	 */
	private static final Pattern DOCUMENTED = Pattern
		.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\| ([^|]*) \\| `([a-z][a-z0-9.-]*)` \\|");

	private static final Pattern LISTED = Pattern.compile("(?m)^([A-Z][A-Z0-9_]*)=(.*)$");

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	@Test
	void everyVariableIsDocumentedWithItsPropertyAndDefault() throws IOException {
		Map<String, String[]> documented = new LinkedHashMap<>();
		Matcher matcher = DOCUMENTED.matcher(read("docs/configuration.md"));
		while (matcher.find()) {
			documented.put(matcher.group(1), new String[] { matcher.group(2).trim(), matcher.group(3) });
		}
		Map<String, String> defaults = defaults();
		variables().forEach((name, property) -> {
			assertThat(documented).as("docs/configuration.md documents " + name).containsKey(name);
			assertThat(documented.get(name)[1]).as("property of " + name + " in docs/configuration.md")
				.isEqualTo(property);
			String value = defaults.getOrDefault(property, "");
			assertThat(documented.get(name)[0]).as("default of " + name + " in docs/configuration.md")
				.isEqualTo(value.isEmpty() ? "empty" : "`" + value + "`");
		});
	}

	@Test
	void everyVariableIsListedWithItsDefaultInTheEnvExample() throws IOException {
		Map<String, String> listed = collect(LISTED, read(".env.example"));
		Map<String, String> defaults = defaults();
		variables().forEach((name, property) -> {
			assertThat(listed).as(".env.example lists " + name).containsKey(name);
			assertThat(listed.get(name).trim()).as("default of " + name + " in .env.example")
				.isEqualTo(defaults.getOrDefault(property, ""));
		});
	}

	@Test
	void neitherNamesAVariableTheServiceDoesNotRead() throws IOException {
		Set<String> variables = variables().keySet();
		assertThat(collect(DOCUMENTED, read("docs/configuration.md")).keySet()).as("docs/configuration.md")
			.isSubsetOf(variables);
		assertThat(collect(LISTED, read(".env.example")).keySet()).as(".env.example").isSubsetOf(variables);
	}

	@Test
	void everyVariableSetsOnePropertyTheServiceBinds() throws IOException {
		Map<String, String> variables = variables();
		Set<String> bound = new HashSet<>(own().keySet());
		bound.addAll(fixed().stringPropertyNames());
		variables
			.forEach((name, property) -> assertThat(bound).as("the property " + name + " sets").contains(property));
		assertThat(variables.values()).as("properties set by more than one variable").doesNotHaveDuplicates();
	}

	@Test
	void everyPropertyOfTheServiceIsSetByAVariableAndDescribed() throws IOException {
		Map<String, JsonNode> own = own();
		assertThat(own).as("properties in the generated metadata").hasSizeGreaterThan(30);
		assertThat(variables().values()).as("properties set by a variable").containsAll(own.keySet());
		own.forEach((property, metadata) -> assertThat(metadata.path("description").asString())
			.as("description of " + property + " (Javadoc of its record component)")
			.isNotBlank());
	}

	@Test
	void applicationPropertiesReadsNoVariableItself() throws IOException {
		Properties fixed = fixed();
		fixed.stringPropertyNames()
			.forEach((name) -> assertThat(fixed.getProperty(name))
				.as(name + " in application.properties (set it from " + EnvironmentVariables.TABLE
						+ ", its default in its record)")
				.doesNotContain("${"));
	}

	/** The documented variables, each with the property it sets. */
	private static Map<String, String> variables() {
		Properties table = EnvironmentVariables.table();
		Map<String, String> variables = new LinkedHashMap<>();
		table.stringPropertyNames().forEach((name) -> variables.put(name, table.getProperty(name)));
		assertThat(variables).as("variables in " + EnvironmentVariables.TABLE).hasSizeGreaterThan(30);
		return variables;
	}

	/** The service's own properties, from the metadata the build generates. */
	private static Map<String, JsonNode> own() throws IOException {
		assertThat(METADATA).as("metadata of spring-boot-configuration-processor").exists();
		Map<String, JsonNode> own = new LinkedHashMap<>();
		JsonMapper.builder().build().readTree(METADATA.toFile()).path("properties").forEach((property) -> {
			if (property.path("sourceType").asString().startsWith("dev.twelvefactor.")) {
				own.put(property.path("name").asString(), property);
			}
		});
		return own;
	}

	/** Spring Boot's properties the service fixes in application.properties. */
	private static Properties fixed() throws IOException {
		return PropertiesLoaderUtils
			.loadProperties(new FileSystemResource("src/main/resources/application.properties"));
	}

	/** Each property's default: the record's, else application.properties'. */
	private static Map<String, String> defaults() throws IOException {
		Map<String, String> defaults = new LinkedHashMap<>();
		Properties fixed = fixed();
		fixed.stringPropertyNames().forEach((name) -> defaults.put(name, fixed.getProperty(name)));
		own().forEach((property, metadata) -> {
			JsonNode value = metadata.path("defaultValue");
			defaults.put(property, value.isMissingNode() ? "" : value.asString());
		});
		return defaults;
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
