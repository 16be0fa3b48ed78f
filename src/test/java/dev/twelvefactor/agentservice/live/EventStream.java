package dev.twelvefactor.agentservice.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a {@code text/event-stream} the way EventSource does, line by line on a thread of
 * its own, and hands over each event as it is complete.
 */
final class EventStream implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

	private final HttpResponse<InputStream> response;

	private final Thread reader;

	private EventStream(HttpResponse<InputStream> response) {
		this.response = response;
		this.reader = new Thread(this::read, "event-stream-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static EventStream open(URI uri, String lastEventId) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		try {
			HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			return new EventStream(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits for the next event.
	 * @return the event
	 */
	Message next() {
		try {
			Message message = this.messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("an event within 10 seconds").isNotNull();
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Takes events up to the next {@code status} event.
	 * @return the {@code thread-event}s before it, then the status event itself
	 */
	List<Message> untilStatus() {
		List<Message> taken = new ArrayList<>();
		Message message;
		do {
			message = next();
			taken.add(message);
		}
		while (!"status".equals(message.event()));
		return taken;
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.response.body(), StandardCharsets.UTF_8))) {
			String id = null;
			String event = null;
			StringBuilder data = new StringBuilder();
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.isEmpty()) {
					if (event != null || data.length() > 0) {
						this.messages.add(new Message(id, event, data.toString()));
					}
					id = null;
					event = null;
					data.setLength(0);
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).trim();
				}
				else if (line.startsWith("event:")) {
					event = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					data.append((data.length() > 0) ? "\n" : "").append(line.substring(5).trim());
				}
			}
		}
		catch (IOException ex) {
			// The test closed the stream.
		}
	}

	@Override
	public void close() {
		try {
			this.response.body().close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One server-sent event.
	 *
	 * @param id its id, or {@code null}
	 * @param event its name
	 * @param data its data
	 */
	record Message(String id, String event, String data) {
	}

}
