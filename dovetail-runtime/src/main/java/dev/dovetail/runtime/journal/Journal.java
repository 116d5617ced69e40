package dev.dovetail.runtime.journal;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * The durable event journal: every event the hub accepts is appended here before the source gets an
 * answer, and dispatch works from here. Appends from many threads are group-committed: they share one
 * transaction and one flush, and each caller's future completes only after that flush.
 *
 * <p>Needs the tables of Flyway {@code db/migration/V100__journal.sql}. On H2 use a file URL with
 * the options of the server's StoreConfiguration.H2_OPTIONS and an admin user (the journal runs {@code CHECKPOINT
 * SYNC}); see docs/adr/0010-journal-group-commit.md. Close the dispatcher before the journal.
 */
public final class Journal implements AutoCloseable {

    private final DataSource dataSource;
    private final JournalOptions options;
    private final GroupCommitter committer;
    private final List<Runnable> newWorkListeners = new CopyOnWriteArrayList<>();
    private final JournalQueue queue;

    private Journal(DataSource dataSource, Dialect dialect, Durability durability, JournalOptions options) {
        this.dataSource = dataSource;
        this.options = options;
        this.committer = new GroupCommitter(dataSource, durability, new AppendWriter(dialect, new EventIds(options.clock())),
                options, this::signalNewWork);
        this.queue = new JournalQueue(dataSource, dialect, committer, options.clock());
    }

    /**
     * Opens the journal on a database migrated to at least V100, checking (and where it can, fixing)
     * the settings that make a commit durable.
     *
     * @throws IllegalStateException if the database is not H2 or PostgreSQL, or H2 cannot be made durable
     */
    public static Journal open(DataSource dataSource, JournalOptions options) {
        requireNonNull(dataSource, "dataSource");
        requireNonNull(options, "options");
        try (Connection connection = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            Durability durability = Durability.check(connection, dialect, options.syncEachBatch());
            return new Journal(dataSource, dialect, durability, options);
        } catch (SQLException e) {
            throw new JournalUnavailable("cannot open the journal: " + e.getMessage(), e);
        }
    }

    public static Journal open(DataSource dataSource) {
        return open(dataSource, JournalOptions.defaults());
    }

    /**
     * Appends events. The future completes, with one result per event in the given order, once the
     * events are durable; a repeated dedup key (in the table or earlier in the same list) yields
     * {@link AppendResult.Duplicate} and stores nothing. It completes exceptionally with
     * {@link JournalOverloaded} when too much is queued, or {@link JournalUnavailable} when the
     * database write failed (then nothing of this call was stored).
     */
    public CompletableFuture<List<AppendResult>> append(List<NewEvent> events) {
        requireNonNull(events, "events");
        return committer.append(events);
    }

    /** Appends one event; see {@link #append(List)}. */
    public CompletableFuture<AppendResult> append(NewEvent event) {
        requireNonNull(event, "event");
        return committer.append(List.of(event)).thenApply(results -> results.getFirst());
    }

    /** Appends and waits until the events are durable; see {@link #append(List)}. */
    public List<AppendResult> appendAll(List<NewEvent> events) {
        try {
            return append(events).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The entry with this id, if the journal still holds it. */
    public Optional<JournalEntry> find(EventId eventId) {
        requireNonNull(eventId, "eventId");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT " + EntryRows.COLUMNS + ", p.payload"
                     + " FROM journal_entry e JOIN journal_payload p ON p.event_id = e.event_id WHERE e.event_id = ?")) {
            Jdbc.setEventId(ps, 1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(EntryRows.read(rs, rs.getString("payload"))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JournalUnavailable("cannot read the journal: " + e.getMessage(), e);
        }
    }

    /** How many entries are unfinished (PENDING, RETRY, IN_PROGRESS): the dispatch backlog. */
    public Map<EntryStatus, Long> backlog() {
        Map<EntryStatus, Long> counts = new EnumMap<>(EntryStatus.class);
        for (EntryStatus status : EntryStatus.values()) {
            if (!status.isFinished()) {
                counts.put(status, 0L);
            }
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(
                     "SELECT status, COUNT(*) FROM journal_entry WHERE finished_at IS NULL GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(EntryStatus.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new JournalUnavailable("cannot read the journal: " + e.getMessage(), e);
        }
    }

    /**
     * Puts a finished entry (DONE, DEAD or DISCARDED) back to PENDING with its attempts reset,
     * optionally with a corrected payload. Completes with false if no such finished entry exists.
     */
    public CompletableFuture<Boolean> replay(EventId eventId, Optional<String> correctedPayload) {
        requireNonNull(eventId, "eventId");
        requireNonNull(correctedPayload, "correctedPayload");
        CompletableFuture<Boolean> corrected = correctedPayload.isEmpty() ? CompletableFuture.completedFuture(true)
                : committer.update("UPDATE journal_payload SET payload = ? WHERE event_id = ? AND EXISTS (SELECT 1"
                        + " FROM journal_entry e WHERE e.event_id = journal_payload.event_id"
                        + " AND e.status IN ('DONE', 'DEAD', 'DISCARDED'))", ps -> {
                            ps.setString(1, correctedPayload.get());
                            Jdbc.setEventId(ps, 2, eventId);
                        }, false);
        // the corrected payload is committed before the entry becomes claimable again
        return corrected.thenCompose(found -> !found ? CompletableFuture.completedFuture(false)
                : committer.update("UPDATE journal_entry SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
                        + " finished_at = NULL, claimed_by = NULL, claim_expires_at = NULL"
                        + " WHERE event_id = ? AND status IN ('DONE', 'DEAD', 'DISCARDED')", ps -> {
                            Jdbc.setInstant(ps, 1, Jdbc.micros(options.clock().instant()));
                            Jdbc.setEventId(ps, 2, eventId);
                        }, true));
    }

    /** Marks a dead entry as discarded, so retention may remove it. Completes with false if it is not DEAD. */
    public CompletableFuture<Boolean> discard(EventId eventId) {
        requireNonNull(eventId, "eventId");
        return committer.update("UPDATE journal_entry SET status = 'DISCARDED', finished_at = ?"
                + " WHERE event_id = ? AND status = 'DEAD'", ps -> {
                    Jdbc.setInstant(ps, 1, Jdbc.micros(options.clock().instant()));
                    Jdbc.setEventId(ps, 2, eventId);
                }, false);
    }

    /** Claiming and finishing entries, for dispatch. */
    public JournalQueue queue() {
        return queue;
    }

    /**
     * Runs {@code listener} (briefly, on the committer thread) whenever committed writes may have made
     * an entry claimable. Returns a handle that removes the listener.
     */
    public AutoCloseable onNewWork(Runnable listener) {
        requireNonNull(listener, "listener");
        newWorkListeners.add(listener);
        return () -> newWorkListeners.remove(listener);
    }

    /**
     * Hands fresh appends that {@code dispatch} has room for straight to it, claimed in their append transaction
     * (on H2 only; see {@link LocalDispatch}). One dispatcher at a time; the handle stops the hand-off.
     */
    public AutoCloseable handOffTo(LocalDispatch dispatch) {
        requireNonNull(dispatch, "dispatch");
        committer.handOffTo(dispatch);
        return () -> committer.stopHandOffTo(dispatch);
    }

    private void signalNewWork() {
        for (Runnable listener : newWorkListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                System.getLogger(Journal.class.getName()).log(System.Logger.Level.WARNING, "A new-work listener failed", e);
            }
        }
    }

    /** Commits what is queued (waiting up to {@code timeout}), then refuses further writes. */
    public void close(Duration timeout) {
        committer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
