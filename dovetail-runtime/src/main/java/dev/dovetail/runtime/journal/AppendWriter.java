package dev.dovetail.runtime.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the appends of one batch inside the committer's transaction: recognises repeats within
 * the batch and against the table, inserts the rest with one JDBC batch.
 */
final class AppendWriter {

    private static final String INSERT = "INSERT INTO journal_entry (event_id, source_system, event_name, "
            + "record_key, dedup_key, caused_by, content_type, progress, received_at, status, attempts, "
            + "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)";
    private static final String INSERT_PAYLOAD = "INSERT INTO journal_payload (event_id, payload) VALUES (?, ?)";
    private static final int MAX_IN_LIST = 128;

    private final Dialect dialect;
    private final EventIds ids;

    AppendWriter(Dialect dialect, EventIds ids) {
        this.dialect = dialect;
        this.ids = ids;
    }

    private record DedupScope(String dedupKey, String system, String event) {
        static DedupScope of(NewEvent e) {
            return new DedupScope(e.dedupKey(), e.system(), e.event());
        }
    }

    /** @return per request, one result per event */
    List<List<AppendResult>> write(Connection connection, List<List<NewEvent>> requests, Instant now)
            throws SQLException {
        List<NewEvent> events = requests.stream().flatMap(List::stream).toList();
        Set<DedupScope> scopes = new LinkedHashSet<>();
        events.forEach(e -> scopes.add(DedupScope.of(e)));
        // PostgreSQL finds repeats in the insert itself (ON CONFLICT DO NOTHING, per-row counts), through the
        // unique index and whatever the planner's statistics say; H2 looks them up first.
        Map<DedupScope, EventId> known = dialect == Dialect.POSTGRESQL ? new HashMap<>() : findExisting(connection, scopes);

        AppendResult[] results = new AppendResult[events.size()];
        List<Integer> inserts = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            DedupScope scope = DedupScope.of(events.get(i));
            EventId existing = known.get(scope);
            if (existing != null) {
                results[i] = new AppendResult.Duplicate(existing);
            } else {
                EventId id = ids.next();
                known.put(scope, id);
                results[i] = new AppendResult.Appended(id);
                inserts.add(i);
            }
        }
        if (!inserts.isEmpty()) {
            int[] counts = insert(connection, events, results, inserts, now);
            resolveConflicts(connection, events, results, inserts, counts);
        }

        List<List<AppendResult>> perRequest = new ArrayList<>(requests.size());
        int offset = 0;
        for (List<NewEvent> request : requests) {
            perRequest.add(List.of(results).subList(offset, offset + request.size()));
            offset += request.size();
        }
        return perRequest;
    }

    private int[] insert(Connection connection, List<NewEvent> events, AppendResult[] results,
                         List<Integer> inserts, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT + dialect.insertSuffix())) {
            for (int i : inserts) {
                NewEvent e = events.get(i);
                Jdbc.setEventId(ps, 1, results[i].eventId());
                ps.setString(2, e.system());
                ps.setString(3, e.event());
                ps.setString(4, e.recordKey());
                ps.setString(5, e.dedupKey());
                Jdbc.setEventId(ps, 6, e.causedBy());
                ps.setString(7, e.contentType());
                ps.setString(8, e.progress());
                Jdbc.setInstant(ps, 9, now);
                Jdbc.setInstant(ps, 10, now);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            try (PreparedStatement payloads = connection.prepareStatement(INSERT_PAYLOAD)) {
                for (int k = 0; k < inserts.size(); k++) {
                    if (counts[k] != 0) { // 0: PostgreSQL skipped a repeat
                        int i = inserts.get(k);
                        Jdbc.setEventId(payloads, 1, results[i].eventId());
                        payloads.setString(2, events.get(i).payload());
                        payloads.addBatch();
                    }
                }
                payloads.executeBatch();
            }
            return counts;
        }
    }

    /**
     * On PostgreSQL an existing row (or one another node committed meanwhile) makes the insert do
     * nothing (count 0); such an event, and any later one of this batch that pointed at it, is a
     * duplicate of the row that holds the dedup key.
     */
    private void resolveConflicts(Connection connection, List<NewEvent> events, AppendResult[] results,
                                  List<Integer> inserts, int[] counts) throws SQLException {
        Set<DedupScope> lost = new LinkedHashSet<>();
        for (int k = 0; k < inserts.size(); k++) {
            if (counts[k] == 0) {
                lost.add(DedupScope.of(events.get(inserts.get(k))));
            }
        }
        if (lost.isEmpty()) {
            return;
        }
        Map<DedupScope, EventId> winners = findExisting(connection, lost);
        for (int i = 0; i < events.size(); i++) {
            DedupScope scope = DedupScope.of(events.get(i));
            if (lost.contains(scope)) {
                EventId winner = winners.get(scope);
                if (winner == null) {
                    throw new SQLException("dedup key " + scope + " conflicted but no row holds it", "40001");
                }
                results[i] = new AppendResult.Duplicate(winner);
            }
        }
    }

    private Map<DedupScope, EventId> findExisting(Connection connection, Set<DedupScope> scopes)
            throws SQLException {
        Map<DedupScope, EventId> found = new HashMap<>();
        List<DedupScope> all = new ArrayList<>(scopes);
        for (int from = 0; from < all.size(); from += MAX_IN_LIST) {
            List<DedupScope> chunk = all.subList(from, Math.min(all.size(), from + MAX_IN_LIST));
            // pad the list to a power of two so the database sees few distinct statements
            int size = Integer.highestOneBit(chunk.size() * 2 - 1);
            String sql = "SELECT dedup_key, source_system, event_name, event_id FROM journal_entry WHERE dedup_key IN ("
                    + "?, ".repeat(size - 1) + "?)";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < size; i++) {
                    ps.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)).dedupKey());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DedupScope scope = new DedupScope(rs.getString(1), rs.getString(2), rs.getString(3));
                        if (scopes.contains(scope)) {
                            found.put(scope, Jdbc.getEventId(rs, "event_id"));
                        }
                    }
                }
            }
        }
        return found;
    }
}
