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

    // status, attempts and the claim are parameters, so one JDBC batch inserts the entries in append order (seq)
    // whether or not they are claimed at append
    private static final String INSERT = "INSERT INTO journal_entry (event_id, source_system, event_name, "
            + "record_key, dedup_key, caused_by, content_type, progress, received_at, status, attempts, "
            + "next_attempt_at, claimed_by, claim_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UNFINISHED_OF_KEY = "SELECT 1 FROM journal_entry WHERE record_key = ? AND source_system = ?"
            + " AND event_name = ? AND finished_at IS NULL FETCH FIRST 1 ROW ONLY";
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

    /** What one batch wrote: per request, one result per event; and the entries claimed for the local dispatcher. */
    record Written(List<List<AppendResult>> results, List<Claim> handedOff, int appended) {}

    private record KeyScope(String recordKey, String system, String event) {}

    /**
     * Writes the batch; events that {@code local} (if not null, and only on H2) has a slot for and whose key has
     * no unfinished entry are written claimed by it. Reservations made here are the caller's to cancel if the
     * transaction fails (see {@link Written#handedOff()}).
     */
    Written write(Connection connection, List<List<NewEvent>> requests, Instant now, LocalDispatch local)
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
        boolean[] claimed = new boolean[events.size()];
        List<Claim> handedOff = new ArrayList<>();
        Instant leaseEnd = null;
        if (!inserts.isEmpty()) {
            if (local != null && dialect == Dialect.H2) {
                leaseEnd = Jdbc.micros(now.plus(local.lease()));
                chooseHandOffs(connection, events, inserts, local, claimed);
            }
            long[] seqs = leaseEnd == null ? null : new long[inserts.size()];
            int[] counts = insert(connection, events, results, inserts, now, claimed, local, leaseEnd, seqs);
            resolveConflicts(connection, events, results, inserts, counts);
            if (leaseEnd != null) {
                handedOff = claims(events, results, inserts, claimed, seqs, now, local.claimant(), leaseEnd);
            }
        }

        List<List<AppendResult>> perRequest = new ArrayList<>(requests.size());
        int offset = 0;
        for (List<NewEvent> request : requests) {
            perRequest.add(List.of(results).subList(offset, offset + request.size()));
            offset += request.size();
        }
        return new Written(perRequest, handedOff, inserts.size());
    }

    /**
     * Marks in {@code claimed} the events to hand to the local dispatcher: an event with a record key is handed off
     * only if no earlier entry of its key is unfinished, in the table or earlier in this batch (its order would
     * break otherwise); and only while the dispatcher grants a slot.
     */
    private void chooseHandOffs(Connection connection, List<NewEvent> events, List<Integer> inserts, LocalDispatch local,
                                boolean[] claimed) throws SQLException {
        Set<KeyScope> seenInBatch = new java.util.HashSet<>();
        try (PreparedStatement probe = connection.prepareStatement(UNFINISHED_OF_KEY)) {
            for (int i : inserts) {
                NewEvent e = events.get(i);
                boolean free = true;
                if (e.recordKey() != null) {
                    free = seenInBatch.add(new KeyScope(e.recordKey(), e.system(), e.event())) && !unfinished(probe, e);
                }
                if (free && local.reserve(e.type())) {
                    claimed[i] = true;
                }
            }
        }
    }

    private static boolean unfinished(PreparedStatement probe, NewEvent e) throws SQLException {
        probe.setString(1, e.recordKey());
        probe.setString(2, e.system());
        probe.setString(3, e.event());
        try (ResultSet rs = probe.executeQuery()) {
            return rs.next();
        }
    }

    /** The claims of the handed-off entries, in append order. */
    private static List<Claim> claims(List<NewEvent> events, AppendResult[] results, List<Integer> inserts,
                                      boolean[] claimed, long[] seqs, Instant now, String claimant, Instant leaseEnd) {
        List<Claim> claims = new ArrayList<>();
        for (int k = 0; k < inserts.size(); k++) {
            int i = inserts.get(k);
            if (claimed[i]) {
                NewEvent e = events.get(i);
                JournalEntry entry = new JournalEntry(seqs[k], results[i].eventId(), e.system(), e.event(), e.recordKey(),
                        e.dedupKey(), e.causedBy(), e.contentType(), e.payload(), now, EntryStatus.IN_PROGRESS, 1,
                        leaseEnd, claimant, leaseEnd, null, null, e.progress(), null);
                claims.add(new Claim(entry, claimant, 1, leaseEnd));
            }
        }
        return claims;
    }

    private int[] insert(Connection connection, List<NewEvent> events, AppendResult[] results,
                         List<Integer> inserts, Instant now, boolean[] claimed, LocalDispatch local, Instant leaseEnd,
                         long[] seqs) throws SQLException {
        // seqs != null only on H2 (claim at append), which returns one generated key per row of a batch, in order
        try (PreparedStatement ps = seqs == null ? connection.prepareStatement(INSERT + dialect.insertSuffix())
                : connection.prepareStatement(INSERT + dialect.insertSuffix(), new String[] {"SEQ"})) {
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
                if (claimed[i]) {
                    ps.setString(10, EntryStatus.IN_PROGRESS.name());
                    ps.setInt(11, 1);
                    Jdbc.setInstant(ps, 12, leaseEnd);
                    ps.setString(13, local.claimant());
                    Jdbc.setInstant(ps, 14, leaseEnd);
                } else {
                    ps.setString(10, EntryStatus.PENDING.name());
                    ps.setInt(11, 0);
                    Jdbc.setInstant(ps, 12, now);
                    ps.setString(13, null);
                    Jdbc.setInstant(ps, 14, null);
                }
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            if (seqs != null) {
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    for (int k = 0; k < seqs.length; k++) {
                        if (!keys.next()) throw new SQLException("the database returned fewer generated keys than rows");
                        seqs[k] = keys.getLong(1);
                    }
                }
            }
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
