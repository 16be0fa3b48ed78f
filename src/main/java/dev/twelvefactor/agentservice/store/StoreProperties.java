package dev.twelvefactor.agentservice.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Where threads are kept: in memory, in an embedded database in a directory, or in
 * PostgreSQL.
 *
 * @param type {@code memory}, {@code file} or {@code postgres}
 * @param path the directory of the file store's database
 * @param database the PostgreSQL database of the {@code postgres} store
 * @param leaseTtl how long a replica holds a thread whose work it owes without renewing
 * it; after that, another replica takes the work on
 */
@ConfigurationProperties("agent.store")
public record StoreProperties(@DefaultValue("memory") Type type, @DefaultValue("./data") Path path,
		@DefaultValue Database database, @DefaultValue("30s") Duration leaseTtl) {

	public StoreProperties {
		Assert.isTrue(leaseTtl != null && leaseTtl.toMillis() >= 300, "AGENT_STORE_LEASE_TTL must be at least 300ms");
		if (type == Type.POSTGRES) {
			Assert.isTrue(StringUtils.hasText(database.url()), "AGENT_STORE=postgres needs AGENT_DATABASE_URL");
			Assert.isTrue(database.url().startsWith("jdbc:postgresql:"),
					"AGENT_DATABASE_URL must be a jdbc:postgresql: URL");
		}
	}

	/**
	 * The kinds of store.
	 */
	public enum Type {

		/** In this process only: lost on a restart (today's Caffeine store). */
		MEMORY,

		/** An embedded H2 database in {@code AGENT_STORE_PATH}: one process. */
		FILE,

		/** PostgreSQL at {@code AGENT_DATABASE_URL}: several replicas may share it. */
		POSTGRES;

		/**
		 * Reads a type as the setting spells it.
		 * @param value the setting, any case; {@code null} for the default
		 * @return the type
		 * @throws IllegalArgumentException for any other value
		 */
		static Type of(String value) {
			if (value == null) {
				return MEMORY;
			}
			for (Type type : values()) {
				if (type.name().equalsIgnoreCase(value.strip())) {
					return type;
				}
			}
			throw new IllegalArgumentException("AGENT_STORE must be memory, file or postgres, not \""
					+ value.strip().toLowerCase(Locale.ROOT) + "\"");
		}

	}

	/**
	 * A PostgreSQL database.
	 *
	 * @param url its JDBC URL, {@code jdbc:postgresql://host:5432/name}
	 * @param user the user to connect as
	 * @param password the user's password; never logged
	 */
	public record Database(String url, String user, String password) {

		@Override
		public String toString() {
			return "Database[url=" + this.url + ", user=" + this.user + ", password="
					+ (StringUtils.hasLength(this.password) ? "(set)" : "(unset)") + "]";
		}

	}

}
