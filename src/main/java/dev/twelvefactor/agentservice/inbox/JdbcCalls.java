package dev.twelvefactor.agentservice.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.twelvefactor.agentservice.thread.CallKind;
import dev.twelvefactor.agentservice.thread.VersionConflicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The calls of one kind in the durable store's database ({@code AGENT_STORE=file} or
 * {@code postgres}), one row each in {@code inbox_call}: the call as its client sent it
 * and with the answer given here, kept as JSON text, where it stands, and the webhook
 * that carries its answer until it is delivered (the outbox). A change is a
 * compare-and-set on the row's version, run again when another writer came first; the
 * pending list is an indexed query, and its version is taken from a sequence every write
 * draws from, so every replica tells the same list apart. Bounded like the thread store:
 * {@link #sweep} deletes calls nobody changed for {@code AGENT_STORE_IDLE_EXPIRY}, and
 * the oldest beyond {@code AGENT_STORE_MAXIMUM_SIZE}.
 */
final class JdbcCalls implements Calls<ObjectNode> {

	private static final Logger logger = LoggerFactory.getLogger(JdbcCalls.class);

	/** How many calls one delete removes, and how many deletes one sweep makes. */
	static final int DELETE_BATCH = 500;

	private static final String COLUMNS = "asked, answer, state, thread_id, requested_at, responded_at,"
			+ " escalation_msg, webhook_error, webhook_id, attempts, next_attempt_at, version";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final String kind;

	private final long maximumSize;

	private final Duration idleExpiry;

	JdbcCalls(JdbcClient jdbc, JsonMapper json, CallKind kind, long maximumSize, Duration idleExpiry) {
		this.jdbc = jdbc;
		this.json = json;
		this.kind = kind.jsonName();
		this.maximumSize = maximumSize;
		this.idleExpiry = idleExpiry;
	}

	@Override
	public InboxCall<ObjectNode> add(String callId, InboxCall<ObjectNode> call) {
		try {
			this.jdbc.sql("insert into inbox_call (kind, call_id, seq, updated_at, " + COLUMNS
					+ ") values (:kind, :callId, nextval('inbox_call_seq'), :updatedAt, :asked, :answer, :state,"
					+ " :threadId, :requestedAt, :respondedAt, :escalationMsg, :webhookError, :webhookId, :attempts,"
					+ " :nextAttemptAt, 0)")
				.paramSource(columns(callId, call))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw InboxProblem.alreadyExists(callId);
		}
		return call;
	}

	@Override
	public InboxCall<ObjectNode> find(String callId) {
		Row row = read(callId);
		return (row != null) ? row.call() : null;
	}

	private Row read(String callId) {
		return this.jdbc.sql("select " + COLUMNS + " from inbox_call where kind = :kind and call_id = :callId")
			.param("kind", this.kind)
			.param("callId", callId)
			.query(this::row)
			.optional()
			.orElse(null);
	}

	/**
	 * Reads the row, runs the change, and writes the result only if the row still has the
	 * version read; else runs the change again on what another writer stored. A change
	 * that returns the call it was given writes nothing.
	 */
	@Override
	public InboxCall<ObjectNode> updateIfPresent(String callId, UnaryOperator<InboxCall<ObjectNode>> change) {
		for (int attempt = 1; attempt <= VersionConflicts.MAX_ATTEMPTS; attempt++) {
			Row row = read(callId);
			if (row == null) {
				return null;
			}
			InboxCall<ObjectNode> changed = change.apply(row.call());
			if (changed == row.call()) {
				return changed;
			}
			int written = this.jdbc
				.sql("update inbox_call set version = version + 1, seq = nextval('inbox_call_seq'),"
						+ " updated_at = :updatedAt, answer = :answer, state = :state, responded_at = :respondedAt,"
						+ " escalation_msg = :escalationMsg, webhook_error = :webhookError, webhook_id = :webhookId,"
						+ " attempts = :attempts, next_attempt_at = :nextAttemptAt"
						+ " where kind = :kind and call_id = :callId and version = :version")
				.paramSource(columns(callId, changed).addValue("version", row.version()))
				.update();
			if (written == 1) {
				return changed;
			}
			VersionConflicts.backOff(attempt, "call " + callId);
		}
		throw new IllegalStateException("Call " + callId + " was changed by others " + VersionConflicts.MAX_ATTEMPTS
				+ " times while this change ran");
	}

	@Override
	public Set<String> openCallsOf(UUID threadId) {
		return Set.copyOf(this.jdbc
			.sql("select call_id from inbox_call where thread_id = :threadId and state in ('pending', 'delivering')"
					+ " and kind = :kind")
			.param("threadId", threadId)
			.param("kind", this.kind)
			.query(String.class)
			.list());
	}

	@Override
	public String version() {
		return this.jdbc
			.sql("select (select coalesce(max(seq), 0) from inbox_call where kind = :kind), (select count(*)"
					+ " from inbox_call where kind = :kind and state = 'pending')")
			.param("kind", this.kind)
			.query((rs, n) -> rs.getLong(1) + "-" + rs.getLong(2))
			.single();
	}

	@Override
	public Page<ObjectNode> pending(Position after, int limit) {
		String where = (after != null) ? " and (requested_at < :at or (requested_at = :at and call_id < :afterId))"
				: "";
		JdbcClient.StatementSpec query = this.jdbc
			.sql("select call_id, " + COLUMNS + " from inbox_call where kind = :kind and state = 'pending'" + where
					+ " order by requested_at desc, call_id desc limit :limit")
			.param("kind", this.kind)
			.param("limit", limit + 1);
		if (after != null) {
			query = query.param("at", nanos(after.requestedAt())).param("afterId", after.callId());
		}
		List<Listed> found = query.query((rs, n) -> new Listed(rs.getString("call_id"), row(rs, n).call())).list();
		List<Listed> page = found.subList(0, Math.min(limit, found.size()));
		Listed last = page.isEmpty() ? null : page.get(page.size() - 1);
		Position next = (found.size() > limit) ? new Position(last.call().requestedAt(), last.callId()) : null;
		return new Page<>(page.stream().map(Listed::call).toList(), next);
	}

	@Override
	public boolean keepsAnswers() {
		return true;
	}

	@Override
	public List<String> due(Instant now, int limit) {
		return this.jdbc
			.sql("select call_id from inbox_call where kind = :kind and next_attempt_at <= :now"
					+ " order by next_attempt_at limit :limit")
			.param("kind", this.kind)
			.param("now", timestamp(now), Types.TIMESTAMP_WITH_TIMEZONE)
			.param("limit", limit)
			.query(String.class)
			.list();
	}

	/**
	 * Deletes the calls nobody changed for the idle time, then the oldest beyond the
	 * store's size, a batch at a time; an open call deleted is logged, as the in-memory
	 * inbox logs one it drops.
	 */
	@Override
	public void sweep() {
		OffsetDateTime cutoff = timestamp(Instant.now().minus(this.idleExpiry));
		deleteWhere("updated_at < :cutoff order by updated_at", cutoff, "EXPIRED");
		long excess = this.jdbc.sql("select count(*) from inbox_call where kind = :kind")
			.param("kind", this.kind)
			.query(Long.class)
			.single() - this.maximumSize;
		if (excess > 0) {
			deleteWhere("updated_at < :cutoff order by updated_at limit " + Math.min(excess, DELETE_BATCH),
					timestamp(Instant.now()), "SIZE");
		}
	}

	private void deleteWhere(String condition, OffsetDateTime cutoff, String cause) {
		List<Swept> swept = this.jdbc
			.sql("select call_id, state from inbox_call where kind = :kind and " + condition
					+ ((condition.contains(" limit ")) ? "" : " limit " + DELETE_BATCH))
			.param("kind", this.kind)
			.param("cutoff", cutoff, Types.TIMESTAMP_WITH_TIMEZONE)
			.query((rs, n) -> new Swept(rs.getString(1), CallState.valueOf(rs.getString(2).toUpperCase(Locale.ROOT))))
			.list();
		for (Swept call : swept) {
			if (this.jdbc
				.sql("delete from inbox_call where kind = :kind and call_id = :callId and updated_at < :cutoff")
				.param("kind", this.kind)
				.param("callId", call.callId())
				.param("cutoff", cutoff, Types.TIMESTAMP_WITH_TIMEZONE)
				.update() == 1 && call.state().isOpen()) {
				logger.warn("Inbox: dropped pending call {} ({}).", call.callId(), cause);
			}
		}
	}

	private MapSqlParameterSource columns(String callId, InboxCall<ObjectNode> call) {
		InboxCall.Outbox outbox = call.outbox();
		return new MapSqlParameterSource().addValue("kind", this.kind)
			.addValue("callId", callId)
			.addValue("updatedAt", timestamp(Instant.now()), Types.TIMESTAMP_WITH_TIMEZONE)
			.addValue("asked", this.json.writeValueAsString(call.asked()), Types.VARCHAR)
			.addValue("answer", (call.answer() != null) ? this.json.writeValueAsString(call.answer()) : null,
					Types.VARCHAR)
			.addValue("state", call.state().name().toLowerCase(Locale.ROOT))
			.addValue("threadId", call.threadId())
			.addValue("requestedAt", nanos(call.requestedAt()), Types.BIGINT)
			.addValue("respondedAt", call.respondedAt(), Types.VARCHAR)
			.addValue("escalationMsg", call.escalationMsg(), Types.VARCHAR)
			.addValue("webhookError", call.webhookError(), Types.VARCHAR)
			.addValue("webhookId", (outbox != null) ? outbox.webhookId() : null, Types.VARCHAR)
			.addValue("attempts", (outbox != null) ? outbox.attempts() : 0, Types.INTEGER)
			.addValue("nextAttemptAt", (outbox != null) ? timestamp(outbox.nextAttemptAt()) : null,
					Types.TIMESTAMP_WITH_TIMEZONE);
	}

	private Row row(ResultSet rs, int n) throws SQLException {
		String answer = rs.getString("answer");
		String webhookId = rs.getString("webhook_id");
		OffsetDateTime nextAttemptAt = rs.getObject("next_attempt_at", OffsetDateTime.class);
		InboxCall.Outbox outbox = (webhookId != null && nextAttemptAt != null)
				? new InboxCall.Outbox(webhookId, rs.getInt("attempts"), nextAttemptAt.toInstant()) : null;
		InboxCall<ObjectNode> call = new InboxCall<>(this.json.readValue(rs.getString("asked"), ObjectNode.class),
				(answer != null) ? this.json.readValue(answer, ObjectNode.class) : null,
				CallState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
				rs.getObject("thread_id", UUID.class), instant(rs.getLong("requested_at")),
				rs.getString("responded_at"), rs.getString("escalation_msg"), rs.getString("webhook_error"), outbox);
		return new Row(call, rs.getLong("version"));
	}

	/**
	 * An instant to the nanosecond, as the {@code requested_at} column keeps it: the list
	 * pages by it, so it must compare exactly as the cursor's.
	 */
	private static long nanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
	}

	private static Instant instant(long nanos) {
		return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private record Row(InboxCall<ObjectNode> call, long version) {

	}

	private record Listed(String callId, InboxCall<ObjectNode> call) {

	}

	private record Swept(String callId, CallState state) {

	}

}
