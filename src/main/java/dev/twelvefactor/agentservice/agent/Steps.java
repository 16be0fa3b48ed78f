package dev.twelvefactor.agentservice.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.twelvefactor.agentservice.agent.NextStep.ToolCall;
import dev.twelvefactor.agentservice.approval.ApprovalPolicy;
import dev.twelvefactor.agentservice.approval.Decision;
import dev.twelvefactor.agentservice.approval.Requirement;
import dev.twelvefactor.agentservice.thread.ApprovalDecision;
import dev.twelvefactor.agentservice.tool.InvalidArguments;
import dev.twelvefactor.agentservice.tool.Tool;
import dev.twelvefactor.agentservice.tool.ToolOrigin;
import dev.twelvefactor.agentservice.tool.ToolRegistry;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Every step a model may take: the registered tools, then the two human steps. The
 * prompt's output format, the strict JSON schema and the lenient reply parser are all
 * written from these shapes, and the loop checks each step against them, so none can
 * drift from the tools actually registered.
 */
@Component
public class Steps {

	private final ToolRegistry tools;

	private final ApprovalPolicy policy;

	private final List<Shape> shapes;

	Steps(ToolRegistry tools, ApprovalPolicy policy) {
		this.tools = tools;
		this.policy = policy;
		List<Shape> shapes = new ArrayList<>();
		for (Tool tool : tools.all()) {
			Assert.state(Intent.of(tool.name()).filter(Intent::isHuman).isEmpty(),
					() -> "A tool may not be named " + tool.name() + ", the name of a step that asks a person");
			shapes.add(new Shape(tool.name(), tool.description() + approvalNote(policy.requirement(tool)),
					tool.argumentSchema(), tool.origin()));
		}
		for (Intent intent : Intent.values()) {
			if (intent.isHuman()) {
				shapes.add(new Shape(intent.wireName(), intent.description(), schema(intent), null));
			}
		}
		this.shapes = List.copyOf(shapes);
	}

	/**
	 * What the model is told of a tool's approval, so it can warn the user.
	 */
	private static String approvalNote(Requirement requirement) {
		return switch (requirement.when()) {
			case "never" -> "";
			case "always" -> " A human must approve it before it runs.";
			default -> " A human must approve it before it runs when " + requirement.when() + ".";
		};
	}

	private static Map<String, Object> schema(Intent intent) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (Intent.Field field : intent.fields()) {
			Map<String, Object> property = new LinkedHashMap<>();
			property.put("type", field.type());
			property.put("description", field.description());
			properties.put(field.name(), property);
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required", intent.fields().stream().map(Intent.Field::name).toList());
		schema.put("additionalProperties", false);
		return schema;
	}

	/**
	 * The properties of an object schema.
	 * @param schema a JSON Schema
	 * @return its {@code properties}, possibly none
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> properties(Map<String, Object> schema) {
		return (schema != null && schema.get("properties") instanceof Map<?, ?> properties)
				? (Map<String, Object>) properties : Map.of();
	}

	/**
	 * The steps, tools first (built-in, beans, MCP servers), then the human steps.
	 * @return the shapes
	 */
	public List<Shape> shapes() {
		return this.shapes;
	}

	/**
	 * Whether tools other than the built-in ones are registered, which only a model can
	 * use.
	 * @return the names of such tools
	 */
	public List<String> toolsBeyondTheCalculator() {
		return this.shapes.stream()
			.filter((shape) -> shape.origin() != null && shape.origin().kind() != ToolOrigin.Kind.BUILT_IN)
			.map(Shape::name)
			.toList();
	}

	/**
	 * Reads a model's step leniently: its intent matched to a step's name regardless of
	 * case, spaces or dashes when that names one step, fields that a step allows none of
	 * left out (such as a {@code reasoning} inside the step), and a tool's arguments
	 * checked against its schema.
	 * @param data the step's object
	 * @return the step
	 * @throws InvalidNextStep when the object names no step, or its fields are wrong
	 */
	public NextStep read(Map<?, ?> data) {
		Object name = data.get("intent");
		if (!(name instanceof String intent) || intent.isBlank()) {
			throw new InvalidNextStep("the reply names no intent; expected one of " + names());
		}
		Shape shape = resolve(intent.strip());
		Map<Object, Object> named = new LinkedHashMap<>();
		named.put("intent", shape.name());
		Map<String, Object> fields = properties(shape.schema());
		boolean closed = Boolean.FALSE.equals(shape.schema().get("additionalProperties"));
		data.forEach((key, value) -> {
			if (!"intent".equals(key) && (!closed || fields.containsKey(String.valueOf(key)))) {
				named.put(key, value);
			}
		});
		return check(NextStep.fromData(named)).step();
	}

	private Shape resolve(String intent) {
		for (Shape shape : this.shapes) {
			if (shape.name().equals(intent)) {
				return shape;
			}
		}
		List<Shape> loose = this.shapes.stream()
			.filter((shape) -> loosely(shape.name()).equals(loosely(intent)))
			.toList();
		if (loose.size() == 1) {
			return loose.get(0);
		}
		throw new InvalidNextStep("unknown intent \"" + intent + "\"; expected one of " + names());
	}

	private static String loosely(String name) {
		return name.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
	}

	private String names() {
		return this.shapes.stream().map(Shape::name).collect(Collectors.joining(", "));
	}

	/**
	 * Checks a step before anything is recorded or runs: a tool call's tool must be
	 * registered and its arguments valid; the policy then decides whether a person must
	 * approve it.
	 * @param step the planner's step
	 * @return the step with its arguments as checked, and for a tool call its tool and
	 * the decision
	 * @throws InvalidNextStep when the tool is unknown or the arguments are invalid
	 */
	Checked check(NextStep step) {
		if (!(step instanceof ToolCall call)) {
			return new Checked(step, null, null);
		}
		Tool tool = this.tools.find(call.intent())
			.orElseThrow(
					() -> new InvalidNextStep("unknown intent \"" + call.intent() + "\"; expected one of " + names()));
		try {
			ToolCall checked = new ToolCall(call.intent(), this.tools.check(tool, call.arguments()));
			return new Checked(checked, tool, this.policy.decide(tool, checked.arguments()));
		}
		catch (InvalidArguments ex) {
			throw new InvalidNextStep(ex.getMessage());
		}
	}

	/**
	 * The tool a recorded call names.
	 * @param call a call read back from the thread
	 * @return the tool, or empty when none of that name is registered now
	 */
	Optional<Tool> tool(ToolCall call) {
		return this.tools.find(call.intent());
	}

	/**
	 * What a person is asked for a call that needs approval.
	 * @param call the call, read back from the thread or just checked
	 * @return the request
	 */
	ApprovalRequest approvalRequest(ToolCall call) {
		Requirement requirement = tool(call).map(this.policy::requirement)
			.orElse(new Requirement(null, "always", List.of(), null));
		return ApprovalRequest.of(call.intent(), call.arguments(), requirement.rejectOptions(), requirement.channel());
	}

	/**
	 * One step a model may take.
	 *
	 * @param name the intent that names it
	 * @param description what it does, and whether a person must approve it
	 * @param schema the JSON Schema of its fields (besides {@code intent})
	 * @param origin where the tool comes from, or {@code null} for a human step
	 */
	public record Shape(String name, String description, Map<String, Object> schema, ToolOrigin origin) {

	}

	/**
	 * A step that passed its checks.
	 *
	 * @param step the step, a tool call's arguments as checked
	 * @param tool the tool a call calls, else {@code null}
	 * @param decision whether a call needs approval, else {@code null}
	 */
	record Checked(NextStep step, Tool tool, Decision decision) {

		/**
		 * The decision as the {@code tool_call} event records it.
		 * @return the record, or {@code null} for a human step
		 */
		ApprovalDecision approval() {
			if (this.decision == null) {
				return null;
			}
			return new ApprovalDecision(
					this.decision.required() ? ApprovalDecision.Decision.REQUIRED
							: ApprovalDecision.Decision.NOT_REQUIRED,
					this.decision.requirement().rule(), this.decision.requirement().when());
		}

	}

}
