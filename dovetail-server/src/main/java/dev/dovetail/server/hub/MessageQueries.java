package dev.dovetail.server.hub;

import dev.dovetail.runtime.hub.Progress;
import dev.dovetail.runtime.journal.EntryStatus;
import dev.dovetail.runtime.journal.EventId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the journal for the messages API: search with filters and keyset paging (newest first), and one
 * message with its payload. Read-only; every change goes through the journal.
 */
final class MessageQueries {
    static final int MAX_LIMIT = 500;
    private static final String COLUMNS = "e.seq, e.event_id, e.source_system, e.event_name, e.record_key, e.caused_by,"
            + " e.status, e.attempts, e.received_at, e.next_attempt_at, e.finished_at, e.last_error, e.progress";

    /** What to look for; every part optional. {@code before} is the paging cursor (a {@code seq}). */
    record Filter(String system, String event, Set<EntryStatus> statuses, String key, Instant from, Instant to,
                  Long before, int limit) {}

    private static final String DETAIL = ", e.last_error_detail";

    /** One journal entry as the API shows it. */
    /** {@code lastErrorDetail} is read only by {@link #search(Filter, boolean)} with details, else null. */
    record Row(long seq, EventId eventId, String system, String event, String key, EventId causedBy, EntryStatus status,
               int attempts, Instant receivedAt, Instant nextAttemptAt, Instant finishedAt, String lastError, String progress,
               String lastErrorDetail) {

        Progress parsedProgress() {
            try {
                return Progress.parse(progress);
            } catch (IllegalArgumentException e) {
                return Progress.NONE;
            }
        }
    }

    record Page(List<Row> rows, Optional<Long> next) {}

    private final JdbcClient jdbc;

    MessageQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Page search(Filter filter) {
        return search(filter, false);
    }

    /** @param withDetail also read each entry's last error detail (for dead letters) */
    Page search(Filter filter, boolean withDetail) {
        var sql = new StringBuilder("SELECT ").append(COLUMNS).append(withDetail ? DETAIL : "").append(" FROM journal_entry e WHERE 1 = 1");
        var params = new ArrayList<Object>();
        if (filter.system() != null) {
            sql.append(" AND e.source_system = ?");
            params.add(filter.system());
        }
        if (filter.event() != null) {
            sql.append(" AND e.event_name = ?");
            params.add(filter.event());
        }
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            sql.append(" AND e.status IN (");
            int i = 0;
            for (EntryStatus status : filter.statuses()) {
                sql.append(i++ == 0 ? "?" : ", ?");
                params.add(status.name());
            }
            sql.append(')');
        }
        if (filter.key() != null) {
            sql.append(" AND e.record_key = ?");
            params.add(filter.key());
        }
        if (filter.from() != null) {
            sql.append(" AND e.received_at >= ?");
            params.add(OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" AND e.received_at < ?");
            params.add(OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        if (filter.before() != null) {
            sql.append(" AND e.seq < ?");
            params.add(filter.before());
        }
        int limit = Math.clamp(filter.limit(), 1, MAX_LIMIT);
        sql.append(" ORDER BY e.seq DESC FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
        var rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> row(rs, withDetail)).list();
        if (rows.size() > limit) {
            var page = rows.subList(0, limit);
            return new Page(List.copyOf(page), Optional.of(page.getLast().seq()));
        }
        return new Page(rows, Optional.empty());
    }

    Optional<Row> find(EventId eventId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM journal_entry e WHERE e.event_id = ?")
                .param(eventId.value())
                .query((rs, n) -> row(rs, false))
                .optional();
    }

    /** The payload and the last error's detail of an entry. */
    record Body(String payload, String contentType, String dedupKey, String lastErrorDetail) {}

    Optional<Body> body(EventId eventId) {
        return jdbc.sql("SELECT p.payload, e.content_type, e.dedup_key, e.last_error_detail FROM journal_entry e"
                        + " JOIN journal_payload p ON p.event_id = e.event_id WHERE e.event_id = ?")
                .param(eventId.value())
                .query((rs, n) -> new Body(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    /** Entries derived from this one (split items, copies for several flows), oldest first. */
    List<EventId> derived(EventId eventId) {
        return jdbc.sql("SELECT event_id FROM journal_entry WHERE caused_by = ? ORDER BY seq")
                .param(eventId.value())
                .withMaxRows(1000)
                .query((rs, n) -> new EventId(rs.getObject(1, UUID.class)))
                .list();
    }

    private static Row row(ResultSet rs, boolean withDetail) throws SQLException {
        UUID causedBy = rs.getObject("caused_by", UUID.class);
        return new Row(rs.getLong("seq"), new EventId(rs.getObject("event_id", UUID.class)), rs.getString("source_system"),
                rs.getString("event_name"), rs.getString("record_key"), causedBy == null ? null : new EventId(causedBy),
                EntryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "received_at"),
                instant(rs, "next_attempt_at"), instant(rs, "finished_at"), rs.getString("last_error"), rs.getString("progress"),
                withDetail ? rs.getString("last_error_detail") : null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** {@code dead}, {@code DEAD}, {@code in-progress}, {@code in_progress} → the status. */
    static EntryStatus status(String text) {
        return EntryStatus.valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static String label(EntryStatus status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
