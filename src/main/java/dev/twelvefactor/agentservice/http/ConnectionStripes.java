package dev.twelvefactor.agentservice.http;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Spreads calls over copies of one client, each with its own connection pool and
 * dispatcher. OkHttp finds a free connection by scanning its pool while locking each
 * connection in turn, and counts running calls under a lock on its dispatcher: a thousand
 * loops calling one HTTP/1.1 host through one client scan a thousand connections each,
 * under one another's locks. In stripes of {@value #CONNECTIONS_PER_STRIPE} connections,
 * each call scans and contends with a few dozen.
 */
public final class ConnectionStripes implements Call.Factory {

	static final int CONNECTIONS_PER_STRIPE = 64;

	/** OkHttp's own default. */
	private static final long IDLE_CONNECTION_LIFETIME_MINUTES = 5;

	private final OkHttpClient[] stripes;

	private ConnectionStripes(OkHttpClient[] stripes) {
		this.stripes = stripes;
	}

	/**
	 * Stripes a client.
	 * @param client the client whose settings every stripe keeps
	 * @param maxIdleConnections how many idle connections all stripes together keep: as
	 * many as calls are in flight at once, or a burst reconnects for most calls
	 * @return the striped client
	 */
	public static ConnectionStripes over(OkHttpClient client, int maxIdleConnections) {
		int count = Math.max(1, ceilDiv(maxIdleConnections, CONNECTIONS_PER_STRIPE));
		OkHttpClient[] stripes = new OkHttpClient[count];
		for (int i = 0; i < count; i++) {
			stripes[i] = client.newBuilder()
				.connectionPool(pool(ceilDiv(maxIdleConnections, count)))
				.dispatcher(new Dispatcher())
				.build();
		}
		return new ConnectionStripes(stripes);
	}

	private static ConnectionPool pool(int maxIdleConnections) {
		return new ConnectionPool(maxIdleConnections, IDLE_CONNECTION_LIFETIME_MINUTES, TimeUnit.MINUTES);
	}

	/** {@code Math.ceilDiv}, which Java 17 lacks. */
	private static int ceilDiv(int dividend, int divisor) {
		return (dividend + divisor - 1) / divisor;
	}

	int size() {
		return this.stripes.length;
	}

	@Override
	public Call newCall(Request request) {
		return this.stripes[ThreadLocalRandom.current().nextInt(this.stripes.length)].newCall(request);
	}

}
