package dev.dovetail.runtime.journal;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The journal seen as a work queue: claim ready entries under a lease, then finish each claim.
 *
 * <p>An entry is ready when it is PENDING or RETRY and its next attempt is due, or IN_PROGRESS under a
 * lease that expired (its holder crashed or stalled) — and no earlier entry with the same system,
 * event and record key is unfinished, which keeps per-key order (an entry without a record key is
 * not ordered). Claims lock their rows with {@code FOR UPDATE SKIP LOCKED}, so several nodes can
 * claim from one PostgreSQL database at once.
 *
 * <p>Finishing is fenced: it changes the row only while the claim is still the entry's current one
 * (same claimant, same attempt, still IN_PROGRESS) and completes with {@code false} otherwise.
 * State changes go through the journal's group committer, so concurrent finishes share a transaction.
 */
public final class JournalQueue {

    private static final String FENCE = " WHERE seq = ? AND status = 'IN_PROGRESS' AND claimed_by = ? AND attempts = ?";
    private static final String PROGRESS = " progress = COALESCE(CAST(? AS VARCHAR), progress)";
    private static final String DONE = "UPDATE journal_entry SET status = 'DONE', finished_at = ?, next_attempt_at = NULL,"
            + " claim_expires_at = NULL," + PROGRESS + FENCE;
    private static final String RETRY = "UPDATE journal_entry SET status = 'RETRY', next_attempt_at = ?,"
            + " claim_expires_at = NULL, last_error = ?," + PROGRESS + FENCE;
    private static final String DEAD = "UPDATE journal_entry SET status = 'DEAD', finished_at = ?, next_attempt_at = NULL,"
            + " claim_expires_at = NULL, last_error = ?, last_error_detail = ?," + PROGRESS + FENCE;
    private static final String RELEASE = "UPDATE journal_entry SET status = 'RETRY', next_attempt_at = ?,"
            + " claim_expires_at = NULL" + FENCE;
    private static final String RENEW = "UPDATE journal_entry SET claim_expires_at = ?, next_attempt_at = ?" + FENCE;
    private static final String CLAIM = "UPDATE journal_entry SET status = 'IN_PROGRESS', attempts = attempts + 1,"
            + " claimed_by = ?, claim_expires_at = ?, next_attempt_at = ? WHERE seq = ?";
    private static final int MAX_SCANNED = 2048;
    private static final int MAX_ERROR = 2000;
    private static final int MAX_DETAIL = 20000;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final GroupCommitter committer;
    private final Clock clock;

    JournalQueue(DataSource dataSource, Dialect dialect, GroupCommitter committer, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.committer = committer;
        this.clock = clock;
    }

    /** The journal's notion of now. */
    public Instant now() {
        return Jdbc.micros(clock.instant());
    }

    /**
     * Claims up to {@code limit} ready entries of the given types, oldest first. {@code accept} sees the
     * type of each claimable entry in order and may turn it down (e.g. its group is busy); turned-down
     * entries stay ready for the next claim. An accepted entry may still be lost to another node.
     *
     * <p>Three simple steps instead of one clever statement, so no planner estimate can make a claim
     * quadratic: walk the ready index in order (a window at a time, at most {@value #MAX_SCANNED} rows);
     * keep the candidates that are the earliest unfinished entry of their key (one index probe per key);
     * lock those that are still ready with {@code FOR UPDATE SKIP LOCKED} and mark them claimed.
     */
    public List<Claim> claim(String claimant, Collection<EventType> types, int limit, Duration lease,
                             Predicate<EventType> accept) {
        requireNonNull(claimant, "claimant");
        requireNonNull(accept, "accept");
        if (types.isEmpty() || limit <= 0) {
            return List.of();
        }
        List<EventType> typeList = List.copyOf(types);
        Instant now = now();
        Instant expiresAt = now.plus(lease);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (dialect == Dialect.POSTGRESQL) {
                    // a claim lost in a crash only makes its entry claimable again: no need to wait for the WAL flush
                    GroupCommitter.execute(connection, "SET LOCAL synchronous_commit TO off");
                }
                List<Long> heads = claimableHeads(connection, typeList, now, limit, accept);
                List<Claim> claims = heads.isEmpty() ? List.of()
                        : lockAndClaim(connection, heads, now, claimant, expiresAt);
                connection.commit();
                return claims;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new JournalUnavailable("cannot claim journal entries: " + e.getMessage(), e);
        }
    }

    private record Candidate(long seq, EventType type, KeyScope key, Instant nextAttemptAt) {
    }

    private record KeyScope(String recordKey, String system, String event) {
    }

    /**
     * Ready entries of the given types that no earlier unfinished entry of their key holds back. The
     * keys of a window are checked a chunk at a time, so a window full of heads costs no more probes
     * than needed.
     */
    private List<Long> claimableHeads(Connection connection, List<EventType> types, Instant now, int want,
                                      Predicate<EventType> accept) throws SQLException {
        List<Long> heads = new ArrayList<>();
        int window = Math.min(MAX_SCANNED, Math.max(64, want * 2));
        int scanned = 0;
        Candidate last = null;
        while (heads.size() < want && scanned < MAX_SCANNED) {
            List<Candidate> rows = readyWindow(connection, types, now, last, window);
            scanned += rows.size();
            for (int from = 0; from < rows.size() && heads.size() < want; from += want) {
                List<Candidate> chunk = rows.subList(from, Math.min(rows.size(), from + want));
                Map<KeyScope, Long> earliest = earliestUnfinished(connection, chunk);
                for (Candidate row : chunk) {
                    boolean head = row.key() == null || Long.valueOf(row.seq()).equals(earliest.get(row.key()));
                    if (heads.size() < want && head && accept.test(row.type())) {
                        heads.add(row.seq());
                    }
                }
            }
            if (rows.size() < window) {
                break;
            }
            last = rows.getLast();
        }
        return heads;
    }

    private List<Candidate> readyWindow(Connection connection, List<EventType> types, Instant now, Candidate after,
                                        int window) throws SQLException {
        // The explicit lower bound lets H2 seek past the finished entries (NULL sorts first in H2's indexes).
        String sql = "SELECT seq, source_system, event_name, record_key, next_attempt_at FROM journal_entry e"
                + " WHERE e.next_attempt_at >= ? AND e.next_attempt_at <= ? AND (" + typeFilter(types) + ")"
                + (after == null ? "" : " AND (e.next_attempt_at > ? OR e.seq > ?)")
                + " ORDER BY e.next_attempt_at, e.seq FETCH FIRST ? ROWS ONLY";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            Jdbc.setInstant(ps, i++, after == null ? Instant.EPOCH : after.nextAttemptAt());
            Jdbc.setInstant(ps, i++, now);
            for (EventType type : types) {
                ps.setString(i++, type.system());
                ps.setString(i++, type.event());
            }
            if (after != null) {
                Jdbc.setInstant(ps, i++, after.nextAttemptAt());
                ps.setLong(i++, after.seq());
            }
            ps.setInt(i, window);
            List<Candidate> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString("record_key");
                    String system = rs.getString("source_system");
                    String event = rs.getString("event_name");
                    rows.add(new Candidate(rs.getLong("seq"), new EventType(system, event),
                            key == null ? null : new KeyScope(key, system, event), Jdbc.getInstant(rs, "next_attempt_at")));
                }
            }
            return rows;
        }
    }

    /**
     * The seq of the earliest unfinished entry of each candidate's key: one index probe per key
     * (record key, system, event, finished_at IS NULL, lowest seq). PostgreSQL gets all keys in one
     * round trip as arrays; embedded H2 has no round trips, so it runs the probe once per key.
     */
    private Map<KeyScope, Long> earliestUnfinished(Connection connection, List<Candidate> rows) throws SQLException {
        List<KeyScope> scopes = rows.stream().map(Candidate::key).filter(Objects::nonNull).distinct().toList();
        Map<KeyScope, Long> earliest = new HashMap<>();
        if (scopes.isEmpty()) {
            return earliest;
        }
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT k.record_key, k.source_system, k.event_name,"
                    + " (SELECT p.seq FROM journal_entry p WHERE p.record_key = k.record_key"
                    + " AND p.source_system = k.source_system AND p.event_name = k.event_name"
                    + " AND p.finished_at IS NULL ORDER BY p.seq LIMIT 1) AS head"
                    + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS k(record_key, source_system, event_name)")) {
                ps.setArray(1, connection.createArrayOf("varchar", scopes.stream().map(KeyScope::recordKey).toArray()));
                ps.setArray(2, connection.createArrayOf("varchar", scopes.stream().map(KeyScope::system).toArray()));
                ps.setArray(3, connection.createArrayOf("varchar", scopes.stream().map(KeyScope::event).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long head = rs.getLong(4);
                        if (!rs.wasNull()) {
                            earliest.put(new KeyScope(rs.getString(1), rs.getString(2), rs.getString(3)), head);
                        }
                    }
                }
            }
            return earliest;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT seq FROM journal_entry WHERE record_key = ?"
                + " AND source_system = ? AND event_name = ? AND finished_at IS NULL ORDER BY seq FETCH FIRST 1 ROW ONLY")) {
            for (KeyScope scope : scopes) {
                ps.setString(1, scope.recordKey());
                ps.setString(2, scope.system());
                ps.setString(3, scope.event());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        earliest.put(scope, rs.getLong(1));
                    }
                }
            }
        }
        return earliest;
    }

    private List<Claim> lockAndClaim(Connection connection, List<Long> heads, Instant now, String claimant,
                                     Instant expiresAt) throws SQLException {
        int size = paddedSize(heads.size());
        String sql = "SELECT " + EntryRows.COLUMNS + " FROM journal_entry e WHERE e.seq IN (" + "?, ".repeat(size - 1)
                + "?) AND e.next_attempt_at <= ? ORDER BY e.next_attempt_at, e.seq FOR UPDATE SKIP LOCKED";
        List<JournalEntry> locked = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < size; i++) {
                ps.setLong(i + 1, heads.get(Math.min(i, heads.size() - 1)));
            }
            Jdbc.setInstant(ps, size + 1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    locked.add(EntryRows.read(rs, null));
                }
            }
        }
        if (locked.isEmpty()) {
            return List.of();
        }
        Map<EventId, String> payloads = payloads(connection, locked);
        List<Claim> claims = new ArrayList<>(locked.size());
        try (PreparedStatement ps = connection.prepareStatement(CLAIM)) {
            for (JournalEntry entry : locked) {
                ps.setString(1, claimant);
                Jdbc.setInstant(ps, 2, expiresAt);
                Jdbc.setInstant(ps, 3, expiresAt);
                ps.setLong(4, entry.seq());
                ps.addBatch();
                claims.add(new Claim(claimed(entry, payloads.get(entry.eventId()), claimant, expiresAt), claimant,
                        entry.attempts() + 1, expiresAt));
            }
            ps.executeBatch();
        }
        return claims;
    }

    private static Map<EventId, String> payloads(Connection connection, List<JournalEntry> entries) throws SQLException {
        int size = paddedSize(entries.size());
        Map<EventId, String> payloads = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT event_id, payload FROM journal_payload"
                + " WHERE event_id IN (" + "?, ".repeat(size - 1) + "?)")) {
            for (int i = 0; i < size; i++) {
                Jdbc.setEventId(ps, i + 1, entries.get(Math.min(i, entries.size() - 1)).eventId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    payloads.put(Jdbc.getEventId(rs, "event_id"), rs.getString("payload"));
                }
            }
        }
        return payloads;
    }

    /** IN lists are padded to a power of two (repeating the last value), so the database sees few distinct statements. */
    private static int paddedSize(int n) {
        return Integer.highestOneBit(Math.max(1, n) * 2 - 1);
    }

    /** The entry was processed. */
    public CompletableFuture<Boolean> markDone(Claim claim) {
        return markDone(claim, null);
    }

    /** The entry was processed; {@code progress}, unless null, replaces the entry's progress. */
    public CompletableFuture<Boolean> markDone(Claim claim, String progress) {
        return finish(DONE, claim, ps -> {
            Jdbc.setInstant(ps, 1, now());
            ps.setString(2, progress);
            fence(ps, 3, claim);
        });
    }

    /** The attempt failed for a reason that may pass; try again at {@code at}. */
    public CompletableFuture<Boolean> scheduleRetry(Claim claim, Instant at, String reason) {
        return scheduleRetry(claim, at, reason, null);
    }

    /**
     * The attempt failed for a reason that may pass; try again at {@code at}. {@code progress}, unless
     * null, replaces the entry's progress, so the next attempt can skip what this one completed.
     */
    public CompletableFuture<Boolean> scheduleRetry(Claim claim, Instant at, String reason, String progress) {
        requireNonNull(at, "at");
        return finish(RETRY, claim, ps -> {
            Jdbc.setInstant(ps, 1, Jdbc.micros(at));
            ps.setString(2, Jdbc.truncate(reason, MAX_ERROR));
            ps.setString(3, progress);
            fence(ps, 4, claim);
        });
    }

    /** The attempt failed for a reason that may pass; try again after {@code delay}. */
    public CompletableFuture<Boolean> scheduleRetry(Claim claim, Duration delay, String reason) {
        return scheduleRetry(claim, now().plus(delay), reason, null);
    }

    /** The entry cannot be processed: park it as a dead letter with the reason and detail (e.g. the last answer). */
    public CompletableFuture<Boolean> markDead(Claim claim, String reason, String detail) {
        return markDead(claim, reason, detail, null);
    }

    /** As {@link #markDead(Claim, String, String)}; {@code progress}, unless null, replaces the entry's progress. */
    public CompletableFuture<Boolean> markDead(Claim claim, String reason, String detail, String progress) {
        return finish(DEAD, claim, ps -> {
            Jdbc.setInstant(ps, 1, now());
            ps.setString(2, Jdbc.truncate(reason, MAX_ERROR));
            ps.setString(3, Jdbc.truncate(detail, MAX_DETAIL));
            ps.setString(4, progress);
            fence(ps, 5, claim);
        });
    }

    /** Gives the claim up unfinished (e.g. at shutdown): the entry is ready again at once. */
    public CompletableFuture<Boolean> release(Claim claim) {
        return finish(RELEASE, claim, ps -> {
            Jdbc.setInstant(ps, 1, now());
            fence(ps, 2, claim);
        });
    }

    private CompletableFuture<Boolean> finish(String sql, Claim claim, PendingWrite.Binder binder) {
        requireNonNull(claim, "claim");
        // a finished entry may unblock the next one of its key
        return committer.update(sql, binder, true);
    }

    /**
     * Extends the leases of claims still being worked on.
     *
     * @return the claims whose lease was lost (another claimant took the entry over)
     */
    public List<Claim> renew(Collection<Claim> claims, Duration lease) {
        if (claims.isEmpty()) {
            return List.of();
        }
        Instant expiresAt = now().plus(lease);
        List<Claim> ordered = List.copyOf(claims);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(RENEW)) {
            for (Claim claim : ordered) {
                Jdbc.setInstant(ps, 1, expiresAt);
                Jdbc.setInstant(ps, 2, expiresAt);
                fence(ps, 3, claim);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<Claim> lost = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    lost.add(ordered.get(i));
                }
            }
            return lost;
        } catch (SQLException e) {
            throw new JournalUnavailable("cannot renew leases: " + e.getMessage(), e);
        }
    }

    /**
     * Makes entries claimed by earlier runs of this node ready at once, instead of after their lease
     * expires: claimants starting with {@code claimantPrefix}, other than {@code currentClaimant}.
     *
     * @return how many entries were released
     */
    public int releaseAbandoned(String claimantPrefix, String currentClaimant) {
        String pattern = claimantPrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("UPDATE journal_entry SET status = 'RETRY',"
                     + " next_attempt_at = ?, claim_expires_at = NULL, last_error = ?"
                     + " WHERE status = 'IN_PROGRESS' AND claimed_by LIKE ? ESCAPE '!' AND claimed_by <> ?")) {
            Jdbc.setInstant(ps, 1, now());
            ps.setString(2, "abandoned by an earlier run of this node");
            ps.setString(3, pattern);
            ps.setString(4, currentClaimant);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new JournalUnavailable("cannot release abandoned claims: " + e.getMessage(), e);
        }
    }

    /** When the next entry of these types becomes ready after {@code after}, if any is scheduled. */
    public Optional<Instant> nextDue(Collection<EventType> types, Instant after) {
        if (types.isEmpty()) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT MIN(e.next_attempt_at) AS due"
                     + " FROM journal_entry e WHERE e.next_attempt_at > ? AND (" + typeFilter(types) + ")")) {
            int i = 1;
            Jdbc.setInstant(ps, i++, after);
            for (EventType type : types) {
                ps.setString(i++, type.system());
                ps.setString(i++, type.event());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(Jdbc.getInstant(rs, "due")) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JournalUnavailable("cannot read the journal: " + e.getMessage(), e);
        }
    }

    private static String typeFilter(Collection<EventType> types) {
        return String.join(" OR ", Collections.nCopies(types.size(),
                "(e.source_system = ? AND e.event_name = ?)"));
    }

    private static void fence(PreparedStatement ps, int index, Claim claim) throws SQLException {
        ps.setLong(index, claim.seq());
        ps.setString(index + 1, claim.claimant());
        ps.setInt(index + 2, claim.attempt());
    }

    private static JournalEntry claimed(JournalEntry e, String payload, String claimant, Instant expiresAt) {
        return new JournalEntry(e.seq(), e.eventId(), e.system(), e.event(), e.recordKey(), e.dedupKey(),
                e.causedBy(), e.contentType(), payload, e.receivedAt(), EntryStatus.IN_PROGRESS,
                e.attempts() + 1, expiresAt, claimant, expiresAt, e.lastError(), e.lastErrorDetail(), e.progress(), null);
    }
}
