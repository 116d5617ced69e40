package dev.dovetail.runtime.hub;

import static java.util.Objects.requireNonNull;

import dev.dovetail.runtime.flow.Trace;
import dev.dovetail.runtime.journal.EventId;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Keeps the trace of every flow run in table {@code message_trace} (Flyway {@code V101}), by event id and
 * attempt. Traces are written behind the run, in batches, by one writer thread: a run never waits for its
 * trace, and many traces share a transaction. They are a record for operators, not part of the hub's
 * guarantees: when the queue is full (the database is slower than dispatch for a while) or the process dies,
 * the newest traces are lost, never an event; {@link #dropped()} counts them.
 */
public final class TraceStore implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TraceStore.class.getName());
    private static final int BATCH = 256;
    private static final int MAX_OUTCOME = 2000;
    private static final String INSERT = "INSERT INTO message_trace (event_id, attempt, flow, started_at, duration_micros,"
            + " outcome, trace, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /** One stored trace. {@code trace} is the JSON of {@link Trace#toJson()}. */
    public record StoredTrace(EventId eventId, int attempt, String flow, Instant startedAt, Duration duration, String outcome,
                              String trace, Instant recordedAt) {
    }

    private record Pending(EventId eventId, int attempt, String flow, Trace trace, Instant recordedAt) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    /** @param capacity traces waiting to be written beyond which new ones are dropped */
    public TraceStore(DataSource dataSource, int capacity, Clock clock) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        this.clock = requireNonNull(clock, "clock");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("dovetail-trace-writer").daemon(true).start(this::writeLoop);
    }

    /** Queues a run's trace for writing; false (and counted as dropped) when the queue is full or closed. */
    public boolean offer(EventId eventId, int attempt, String flow, Trace trace) {
        requireNonNull(eventId, "eventId");
        requireNonNull(flow, "flow");
        requireNonNull(trace, "trace");
        if (closing || !queue.offer(new Pending(eventId, attempt, flow, trace, clock.instant()))) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Traces not stored because the queue was full or the database failed. */
    public long dropped() {
        return dropped.get();
    }

    /** Traces stored so far by this instance. */
    public long written() {
        return written.get();
    }

    /** Traces waiting to be written. */
    public int queued() {
        return queue.size();
    }

    /** The stored traces of an event, oldest first. */
    public List<StoredTrace> traces(EventId eventId) {
        String sql = "SELECT event_id, attempt, flow, started_at, duration_micros, outcome, trace, recorded_at FROM message_trace"
                + " WHERE event_id = ? ORDER BY id";
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setObject(1, eventId.value());
            List<StoredTrace> traces = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    traces.add(new StoredTrace(new EventId(rs.getObject(1, UUID.class)), rs.getInt(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), Duration.ofNanos(rs.getLong(5) * 1000),
                            rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class).toInstant()));
                }
            }
            return traces;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read traces: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes traces older than {@code keep} whose event is no longer in the journal (its retention removed it);
     * traces of entries still in the journal (dead letters, say) stay with them.
     *
     * @return how many were deleted
     */
    public int purge(Duration keep) {
        String sql = "DELETE FROM message_trace WHERE recorded_at < ? AND NOT EXISTS"
                + " (SELECT 1 FROM journal_entry e WHERE e.event_id = message_trace.event_id)";
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setObject(1, OffsetDateTime.ofInstant(clock.instant().minus(keep), ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("trace clean-up failed: " + e.getMessage(), e);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not store {0} traces; they are lost", batch.size(), e);
                dropped.addAndGet(batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                for (Pending p : batch) {
                    Trace trace = p.trace();
                    ps.setObject(1, p.eventId().value());
                    ps.setInt(2, p.attempt());
                    ps.setString(3, p.flow());
                    ps.setObject(4, OffsetDateTime.ofInstant(trace.startedAt(), ZoneOffset.UTC));
                    ps.setLong(5, trace.duration().toNanos() / 1000);
                    ps.setString(6, trace.outcome().length() <= MAX_OUTCOME ? trace.outcome() : trace.outcome().substring(0, MAX_OUTCOME));
                    ps.setString(7, trace.toJson());
                    ps.setObject(8, OffsetDateTime.ofInstant(p.recordedAt(), ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
                connection.commit();
                written.addAndGet(batch.size());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Writes what is queued (waiting up to {@code timeout}), then stops; later offers are dropped. */
    public void close(Duration timeout) {
        closing = true;
        try {
            writer.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.log(Level.WARNING, "{0} traces were still queued at shutdown and are lost", queue.size());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
