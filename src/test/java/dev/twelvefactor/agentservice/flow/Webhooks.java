package dev.twelvefactor.agentservice.flow;

/**
 * HumanLayer webhook bodies as HumanLayer sends them (see humanlayer-api.md, section 6).
 */
final class Webhooks {

	private Webhooks() {
	}

	static String humanContactCompleted(String threadId, String callId, String response) {
		return envelope("human_contact.completed", humanContact(threadId, callId, response));
	}

	/**
	 * A replied human contact without the envelope, as HumanLayer's GET answers it.
	 */
	static String humanContact(String threadId, String callId, String response) {
		return """
				{"run_id":"12fa-agent","call_id":"%s",
				 "spec":{"msg":"Which number should I use?","state":{"thread_id":"%s"}},
				 "status":{"requested_at":"2025-06-02T14:01:05.120Z","responded_at":"2025-06-02T14:09:44.907Z",
				           "response":"%s","response_option_name":null}}
				""".formatted(callId, threadId, response);
	}

	/**
	 * A human contact nobody replied to yet, as HumanLayer's GET answers it.
	 */
	static String unansweredHumanContact(String threadId, String callId) {
		return """
				{"run_id":"12fa-agent","call_id":"%s",
				 "spec":{"msg":"Which number should I use?","state":{"thread_id":"%s"}},
				 "status":{"requested_at":"2025-06-02T14:01:05.120Z","responded_at":null,
				           "response":null,"response_option_name":null}}
				""".formatted(callId, threadId);
	}

	/**
	 * A function call nobody decided yet, as HumanLayer's GET answers it.
	 */
	static String unansweredFunctionCall(String threadId, String callId) {
		return """
				{"run_id":"12fa-agent","call_id":"%s",
				 "spec":{"fn":"divide","kwargs":{"a":3,"b":4},"state":{"thread_id":"%s"}},
				 "status":{"requested_at":"2025-06-02T14:03:11.482Z","responded_at":null,
				           "approved":null,"comment":null,"reject_option_name":null}}
				""".formatted(callId, threadId);
	}

	static String functionCallCompleted(String threadId, String callId, boolean approved, String comment) {
		return envelope("function_call.completed", functionCall(threadId, callId, approved, comment));
	}

	/**
	 * A completed function call without the envelope, as older senders post it.
	 */
	static String functionCall(String threadId, String callId, boolean approved, String comment) {
		return """
				{"run_id":"12fa-agent","call_id":"%s",
				 "spec":{"fn":"divide","kwargs":{"a":3,"b":4},"state":{"thread_id":"%s"}},
				 "status":{"requested_at":"2025-06-02T14:03:11.482Z","responded_at":"2025-06-02T14:05:02.310Z",
				           "approved":%s,"comment":%s,"reject_option_name":null}}
				""".formatted(callId, threadId, approved, (comment != null) ? "\"" + comment + "\"" : "null");
	}

	private static String envelope(String type, String event) {
		return "{\"type\":\"" + type + "\",\"is_test\":false,\"event\":" + event + "}";
	}

}
