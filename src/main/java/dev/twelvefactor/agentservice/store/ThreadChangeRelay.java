package dev.twelvefactor.agentservice.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import dev.twelvefactor.agentservice.thread.ChangesElsewhereMissed;
import dev.twelvefactor.agentservice.thread.ThreadChangedElsewhere;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Carries changes between replicas on PostgreSQL: each write of a thread is announced
 * with {@code NOTIFY agent_thread '<id> <replica>'} by a trigger in the same transaction
 * (migration {@code V3}, which names the replica by the {@code agent.replica} setting
 * that {@link Replica} gives every connection), and every replica listens on a connection
 * of its own (outside the pool, which would take it back) and publishes each change
 * another replica made as a {@link ThreadChangedElsewhere}, with the id only, so that
 * only a listener that follows the thread reads it. PostgreSQL keeps no notification for
 * a listener that is not connected, so after every (re)connection it publishes a
 * {@link ChangesElsewhereMissed}, and whoever follows threads reads them all again.
 */
class ThreadChangeRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ThreadChangeRelay.class);

	static final String CHANNEL = "agent_thread";

	private static final int WAIT_MILLIS = 500;

	private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

	private final StoreProperties.Database database;

	private final String replica;

	private final ApplicationEventPublisher events;

	private volatile Thread listener;

	ThreadChangeRelay(StoreProperties.Database database, String replica, ApplicationEventPublisher events) {
		this.database = database;
		this.replica = replica;
		this.events = events;
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::listen, "thread-change-relay");
		thread.setDaemon(true);
		this.listener = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = this.listener;
		this.listener = null;
		if (thread != null) {
			thread.interrupt();
			try {
				// the listener checks for a stop after each wait for notifications
				thread.join(2L * WAIT_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.listener != null;
	}

	private void listen() {
		while (this.listener == Thread.currentThread()) {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				statement.execute("listen " + CHANNEL);
				this.events.publishEvent(new ChangesElsewhereMissed());
				PGConnection notifications = connection.unwrap(PGConnection.class);
				while (this.listener == Thread.currentThread()) {
					PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
					if (received != null) {
						for (PGNotification notification : received) {
							relay(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException ex) {
				if (this.listener != Thread.currentThread()) {
					return;
				}
				logger.warn("Lost the connection that follows other replicas' changes; connecting again in {}.",
						RECONNECT_AFTER, ex);
				try {
					Thread.sleep(RECONNECT_AFTER.toMillis());
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		if (this.database.user() != null) {
			properties.setProperty("user", this.database.user());
		}
		if (this.database.password() != null) {
			properties.setProperty("password", this.database.password());
		}
		properties.setProperty("tcpKeepAlive", "true");
		return DriverManager.getConnection(this.database.url(), properties);
	}

	private void relay(String payload) {
		int space = payload.indexOf(' ');
		if (space < 0 || payload.substring(space + 1).equals(this.replica)) {
			return;
		}
		try {
			this.events.publishEvent(new ThreadChangedElsewhere(UUID.fromString(payload.substring(0, space))));
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Skipped a notification that names no thread: {}", payload);
		}
	}

}
