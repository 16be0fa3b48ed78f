package dev.twelvefactor.agentservice.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.ThreadStore;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Every stored thread as {@code GET /thread/{id}} shows it, and what the local inbox
 * holds pending: what a refused request must leave as it was.
 */
final class StoreSnapshot {

	private final Map<String, JsonNode> entries;

	private StoreSnapshot(Map<String, JsonNode> entries) {
		this.entries = entries;
	}

	/**
	 * Takes a snapshot.
	 * @param http a client allowed to read threads and the inbox
	 * @param threads the store, for the ids of every thread
	 * @return the snapshot
	 */
	static StoreSnapshot of(RestTestClient http, ThreadStore threads) {
		Map<String, JsonNode> entries = new LinkedHashMap<>();
		for (AgentThread thread : threads.recent(Integer.MAX_VALUE)) {
			entries.put(thread.id().toString(), get(http, "/thread/" + thread.id()));
		}
		entries.put("pending function calls", get(http, ServiceClient.INBOX + "/agent/function_calls/pending"));
		entries.put("pending human contacts", get(http, ServiceClient.INBOX + "/agent/human_contacts/pending"));
		return new StoreSnapshot(entries);
	}

	Map<String, JsonNode> entries() {
		return this.entries;
	}

	/**
	 * What differs from a later snapshot.
	 * @param after the later snapshot
	 * @return the ids of threads, or names of inbox lists, that changed, came or went
	 */
	Set<String> changedIn(StoreSnapshot after) {
		Set<String> changed = new TreeSet<>();
		Set<String> keys = new TreeSet<>(this.entries.keySet());
		keys.addAll(after.entries.keySet());
		for (String key : keys) {
			if (!Objects.equals(this.entries.get(key), after.entries.get(key))) {
				changed.add(key);
			}
		}
		return changed;
	}

	private static JsonNode get(RestTestClient http, String path) {
		return http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

}
