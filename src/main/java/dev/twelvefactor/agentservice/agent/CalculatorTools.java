package dev.twelvefactor.agentservice.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolOrigin;
import dev.twelvefactor.agentservice.tool.ToolResult;
import dev.twelvefactor.agentservice.tool.ToolSource;

import org.springframework.stereotype.Component;

/**
 * The built-in tools, the workshop's calculator: add, subtract, multiply and divide,
 * within the bounds of {@code AGENT_CALCULATOR_MAX_DIGITS} and
 * {@code AGENT_CALCULATOR_MAX_EXPONENT}.
 */
@Component
class CalculatorTools implements ToolSource {

	private final Calculator calculator;

	CalculatorTools(Calculator calculator) {
		this.calculator = calculator;
	}

	@Override
	public List<Tool> tools() {
		List<Tool> tools = new ArrayList<>();
		for (Intent intent : Intent.values()) {
			if (!intent.isHuman()) {
				tools.add(new Operation(intent, this.calculator));
			}
		}
		return tools;
	}

	/**
	 * One operation of the calculator as a tool.
	 */
	private record Operation(Intent intent, Calculator calculator) implements Tool {

		@Override
		public String name() {
			return this.intent.wireName();
		}

		@Override
		public String description() {
			return this.intent.description();
		}

		@Override
		public Map<String, Object> argumentSchema() {
			Map<String, Object> properties = new LinkedHashMap<>();
			List<String> required = new ArrayList<>();
			for (Intent.Field field : this.intent.fields()) {
				Map<String, Object> property = new LinkedHashMap<>();
				property.put("type", field.type());
				property.put("description", field.description());
				properties.put(field.name(), property);
				required.add(field.name());
			}
			Map<String, Object> schema = new LinkedHashMap<>();
			schema.put("type", "object");
			schema.put("properties", properties);
			schema.put("required", required);
			schema.put("additionalProperties", false);
			return schema;
		}

		@Override
		public ToolOrigin origin() {
			return ToolOrigin.BUILT_IN;
		}

		@Override
		public Optional<String> invalidArguments(Map<String, Object> arguments) {
			return this.calculator.checkOperands(calculation(arguments));
		}

		@Override
		public Optional<String> cannotRun(Map<String, Object> arguments) {
			try {
				Calculator.check(calculation(arguments));
				return Optional.empty();
			}
			catch (ArithmeticException ex) {
				return Optional.of(ex.getMessage());
			}
		}

		@Override
		public ToolResult call(Map<String, Object> arguments) {
			try {
				return ToolResult.of(this.calculator.apply(calculation(arguments)));
			}
			catch (ArithmeticException ex) {
				return ToolResult.error(ex.getMessage());
			}
		}

		private Calculation calculation(Map<String, Object> arguments) {
			return new Calculation(this.intent, Calculator.number(arguments.get("a")).orElseThrow(),
					Calculator.number(arguments.get("b")).orElseThrow());
		}

	}

}
