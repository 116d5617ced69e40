package dev.dovetail.runtime.journal;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads journal rows. */
final class EntryRows {

    /** The columns of journal_entry, each prefixed with {@code e.}; the payload lives in journal_payload. */
    static final String COLUMNS = "e.seq, e.event_id, e.source_system, e.event_name, e.record_key, e.dedup_key,"
            + " e.caused_by, e.content_type, e.received_at, e.status, e.attempts, e.next_attempt_at, e.claimed_by,"
            + " e.claim_expires_at, e.last_error, e.last_error_detail, e.progress, e.finished_at";

    private EntryRows() {
    }

    /** Reads a row of {@link #COLUMNS}, with the payload given. */
    static JournalEntry read(ResultSet rs, String payload) throws SQLException {
        return new JournalEntry(
                rs.getLong("seq"),
                Jdbc.getEventId(rs, "event_id"),
                rs.getString("source_system"),
                rs.getString("event_name"),
                rs.getString("record_key"),
                rs.getString("dedup_key"),
                Jdbc.getEventId(rs, "caused_by"),
                rs.getString("content_type"),
                payload,
                Jdbc.getInstant(rs, "received_at"),
                EntryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                Jdbc.getInstant(rs, "next_attempt_at"),
                rs.getString("claimed_by"),
                Jdbc.getInstant(rs, "claim_expires_at"),
                rs.getString("last_error"),
                rs.getString("last_error_detail"),
                rs.getString("progress"),
                Jdbc.getInstant(rs, "finished_at"));
    }
}
