package dev.twelvefactor.agentservice.humanlayer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HumanLayer's request types as its SDKs define them (FunctionCall, HumanContact,
 * ContactChannel, Escalation; see humanlayer-api.md, sections 2 and 3): which fields each
 * object may have, which it must have, and of what JSON type, to check every body the
 * service sends against.
 */
public final class HumanLayerTypes {

	private static final Map<String, Type> TYPES = Map.ofEntries(
			type("FunctionCall", "run_id:string!", "call_id:string!", "spec:FunctionCallSpec!", "status:object"),
			type("FunctionCallSpec", "fn:string!", "kwargs:object!", "channel:ContactChannel",
					"reject_options:ResponseOption[]", "state:object"),
			type("HumanContact", "run_id:string!", "call_id:string!", "spec:HumanContactSpec!", "status:object"),
			type("HumanContactSpec", "msg:string!", "subject:string", "channel:ContactChannel",
					"response_options:ResponseOption[]", "state:object"),
			type("ResponseOption", "name:string!", "title:string", "description:string", "prompt_fill:string",
					"interactive:boolean"),
			type("ContactChannel", "slack:SlackContactChannel", "sms:SMSContactChannel",
					"whatsapp:WhatsAppContactChannel", "email:EmailContactChannel", "channel_id:integer"),
			type("SlackContactChannel", "channel_or_user_id:string!", "context_about_channel_or_user:string",
					"bot_token:string", "allowed_responder_ids:string[]", "experimental_slack_blocks:boolean",
					"thread_ts:string"),
			type("SMSContactChannel", "phone_number:string!", "context_about_user:string"),
			type("WhatsAppContactChannel", "phone_number:string!", "context_about_user:string"),
			type("EmailContactChannel", "address:string!", "context_about_user:string",
					"additional_recipients:EmailRecipient[]", "experimental_subject_line:string",
					"experimental_references_message_id:string", "experimental_in_reply_to_message_id:string",
					"template:string", "subject:string", "references_message_id:string",
					"in_reply_to_message_id:string"),
			type("EmailRecipient", "address:string!", "context_about_user:string", "field:string"), type("Escalation",
					"escalation_msg:string!", "additional_recipients:EmailRecipient[]", "channel:ContactChannel"));

	private HumanLayerTypes() {
	}

	/**
	 * Checks every request a WireMock HumanLayer received against the type of its path.
	 * @param requests the requests, as WireMock logged them
	 * @return what is wrong with them, each naming its path; empty when all are right
	 */
	public static List<String> violationsOfRequests(List<LoggedRequest> requests) {
		JsonMapper json = JsonMapper.builder().build();
		List<String> violations = new ArrayList<>();
		for (LoggedRequest request : requests) {
			violations.addAll(violationsOfRequest(request.getUrl(), json.readTree(request.getBodyAsString())));
		}
		return violations;
	}

	/**
	 * Checks what the service sent to HumanLayer against the type of its path: a function
	 * call, a human contact or an escalation.
	 * @param path the request's path, such as {@code /humanlayer/v1/function_calls}
	 * @param body the body as sent
	 * @return what is wrong with it, each naming the path; empty when it is right
	 */
	public static List<String> violationsOfRequest(String path, JsonNode body) {
		String type;
		if (path.endsWith("/function_calls")) {
			type = "FunctionCall";
		}
		else if (path.endsWith("/contact_requests")) {
			type = "HumanContact";
		}
		else if (path.endsWith("/escalate_email")) {
			type = "Escalation";
		}
		else {
			return List.of(path + " is no request the service sends");
		}
		return violations(body, type).stream().map((violation) -> path + ": " + violation).toList();
	}

	/**
	 * Checks a body against one of HumanLayer's types.
	 * @param body the body as sent
	 * @param type the type's name, such as {@code FunctionCall}
	 * @return what is wrong with it, empty when it is one
	 */
	public static List<String> violations(JsonNode body, String type) {
		List<String> violations = new ArrayList<>();
		check(body, type, "$", violations);
		return violations;
	}

	private static void check(JsonNode node, String typeName, String path, List<String> violations) {
		if (typeName.endsWith("[]")) {
			if (!node.isArray()) {
				violations.add(path + " must be an array");
				return;
			}
			for (int i = 0; i < node.size(); i++) {
				check(node.get(i), typeName.substring(0, typeName.length() - 2), path + "[" + i + "]", violations);
			}
			return;
		}
		switch (typeName) {
			case "string" -> expect(node.isString(), path, typeName, violations);
			case "boolean" -> expect(node.isBoolean(), path, typeName, violations);
			case "integer" -> expect(node.isIntegralNumber(), path, typeName, violations);
			case "object" -> expect(node.isObject(), path, typeName, violations);
			default -> checkObject(node, TYPES.get(typeName), path, violations);
		}
	}

	private static void checkObject(JsonNode node, Type type, String path, List<String> violations) {
		if (!node.isObject()) {
			violations.add(path + " must be a " + type.name() + " object");
			return;
		}
		for (String field : node.propertyNames()) {
			if (!type.fields().containsKey(field)) {
				violations.add(path + "." + field + " is no field of " + type.name());
			}
			else if (node.get(field).isNull()) {
				violations.add(path + "." + field + " is null: unset fields are left out, as the TypeScript SDK does");
			}
			else {
				check(node.get(field), type.fields().get(field), path + "." + field, violations);
			}
		}
		for (String required : type.required()) {
			if (!node.has(required)) {
				violations.add(path + "." + required + " is required in " + type.name());
			}
		}
	}

	private static void expect(boolean holds, String path, String type, List<String> violations) {
		if (!holds) {
			violations.add(path + " must be " + (type.startsWith("i") ? "an " : "a ") + type);
		}
	}

	private static Map.Entry<String, Type> type(String name, String... fields) {
		Map<String, String> types = new LinkedHashMap<>();
		Set<String> required = new LinkedHashSet<>();
		for (String field : fields) {
			String[] parts = field.split(":");
			boolean mandatory = parts[1].endsWith("!");
			String fieldType = mandatory ? parts[1].substring(0, parts[1].length() - 1) : parts[1];
			types.put(parts[0], fieldType);
			if (mandatory) {
				required.add(parts[0]);
			}
		}
		return Map.entry(name, new Type(name, types, required));
	}

	private record Type(String name, Map<String, String> fields, Set<String> required) {
	}

}
