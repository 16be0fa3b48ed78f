package dev.twelvefactor.agentservice.tool;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import org.springframework.util.Assert;

/**
 * Where a tool comes from: the service itself, an application's bean, or an MCP server.
 * Tools from MCP servers that no approval rule names need approval unless the policy says
 * otherwise.
 *
 * @param kind the kind of source
 * @param server the MCP server's name, for {@link Kind#MCP} only
 */
public record ToolOrigin(Kind kind, @JsonInclude(JsonInclude.Include.NON_NULL) String server) {

	/** The service's own tools: the calculator. */
	public static final ToolOrigin BUILT_IN = new ToolOrigin(Kind.BUILT_IN, null);

	/** A tool an application declared as a Spring bean. */
	public static final ToolOrigin BEAN = new ToolOrigin(Kind.BEAN, null);

	public ToolOrigin {
		Assert.notNull(kind, "A tool's origin needs a kind");
		Assert.isTrue((kind == Kind.MCP) == (server != null), "Only a tool from an MCP server names its server");
	}

	/**
	 * A tool an MCP server listed.
	 * @param server the server's name in the MCP configuration
	 * @return the origin
	 */
	public static ToolOrigin mcp(String server) {
		return new ToolOrigin(Kind.MCP, server);
	}

	/**
	 * The kinds of source.
	 */
	public enum Kind {

		BUILT_IN, BEAN, MCP;

		@JsonValue
		public String jsonName() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
