package dev.dovetail.runtime.journal;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;

/**
 * Group commit: callers hand writes to one committer thread, which takes everything that queued up
 * while the previous batch was being written and commits it in one transaction with one flush, then
 * completes every caller's future. Under load, batches grow by themselves; idle, a single write goes
 * out at once. Futures complete on the committer thread, so callers should block on them or attach
 * only short callbacks.
 */
final class GroupCommitter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());

    private final DataSource dataSource;
    private final Durability durability;
    private final AppendWriter appendWriter;
    private final Clock clock;
    private final int maxBatch;
    private final int maxQueuedEvents;
    private final Runnable onNewWork;

    private final LinkedBlockingQueue<PendingWrite> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private volatile LocalDispatch local;
    private final Thread thread;

    GroupCommitter(DataSource dataSource, Durability durability, AppendWriter appendWriter,
                   JournalOptions options, Runnable onNewWork) {
        this.dataSource = dataSource;
        this.durability = durability;
        this.appendWriter = appendWriter;
        this.clock = options.clock();
        this.maxBatch = options.maxBatchEvents();
        this.maxQueuedEvents = options.maxQueuedEvents();
        this.onNewWork = onNewWork;
        this.thread = Thread.ofPlatform().name("dovetail-journal-committer").daemon(true).start(this::run);
    }

    CompletableFuture<List<AppendResult>> append(List<NewEvent> events) {
        var result = new CompletableFuture<List<AppendResult>>();
        if (events.isEmpty()) {
            result.complete(List.of());
            return result;
        }
        int size = events.size();
        int queued = queuedEvents.addAndGet(size);
        if (queued > maxQueuedEvents && queued != size) {
            queuedEvents.addAndGet(-size);
            result.completeExceptionally(new JournalOverloaded(
                    "more than " + maxQueuedEvents + " events are waiting to be committed"));
            return result;
        }
        submit(new PendingWrite.Appending(List.copyOf(events), result));
        return result;
    }

    /** Hands fresh appends to {@code dispatch} from now on. */
    void handOffTo(LocalDispatch dispatch) {
        this.local = dispatch;
    }

    /** Stops handing appends to {@code dispatch} (if it is still the one). A batch being written may still start one. */
    synchronized void stopHandOffTo(LocalDispatch dispatch) {
        if (this.local == dispatch) this.local = null;
    }

    CompletableFuture<Boolean> update(String sql, PendingWrite.Binder binder, boolean wakesDispatch) {
        var result = new CompletableFuture<Boolean>();
        submit(new PendingWrite.Updating(sql, binder, wakesDispatch, result));
        return result;
    }

    private void submit(PendingWrite write) {
        closing.readLock().lock();
        try {
            if (closed) {
                release(write);
                write.result().completeExceptionally(new JournalUnavailable("the journal is closed"));
                return;
            }
            queue.add(write);
        } finally {
            closing.readLock().unlock();
        }
    }

    /** Stops taking writes, commits what is queued (waiting up to {@code timeout}) and stops. */
    void close(Duration timeout) {
        closing.writeLock().lock();
        try {
            closed = true;
            queue.add(new PendingWrite.Wake(new CompletableFuture<>()));
        } finally {
            closing.writeLock().unlock();
        }
        try {
            if (!thread.join(timeout)) {
                LOG.log(Level.WARNING, "The journal committer did not finish within {0}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private void run() {
        List<PendingWrite> batch = new ArrayList<>();
        while (true) {
            PendingWrite first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                failQueued(new JournalUnavailable("the journal committer was interrupted"));
                return;
            }
            if (first == null || first instanceof PendingWrite.Wake) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            int weight = first.weight();
            PendingWrite next;
            // single consumer: what peek() shows is what poll() takes
            while ((next = queue.peek()) != null && weight + next.weight() <= maxBatch) {
                queue.poll();
                if (!(next instanceof PendingWrite.Wake)) {
                    batch.add(next);
                    weight += next.weight();
                }
            }
            try {
                commit(batch, 1);
            } catch (Throwable t) {
                // never leave a caller waiting, and keep the committer alive
                LOG.log(Level.ERROR, "The journal committer failed on a batch", t);
                batch.forEach(w -> {
                    if (!w.result().isDone()) {
                        release(w);
                        w.result().completeExceptionally(new JournalUnavailable("the journal write failed: " + t, t));
                    }
                });
            }
            batch.clear();
        }
    }

    private void commit(List<PendingWrite> batch, int retries) {
        Committed committed;
        try {
            committed = writeInOneTransaction(batch);
        } catch (SQLException | RuntimeException e) {
            if (isolatable(e) && batch.size() > 1) {
                // a constraint or a conflict in one write must not fail the others: commit them one by one
                LOG.log(Level.DEBUG, "Batch of {0} failed ({1}); committing its writes one by one", batch.size(), e);
                for (PendingWrite write : batch) {
                    commit(List.of(write), 1);
                }
            } else if (isolatable(e) && retries > 0) {
                // e.g. on H2 another journal inserted the same dedup key after our look-up: look again
                commit(batch, retries - 1);
            } else {
                LOG.log(Level.WARNING, "Journal batch of {0} writes failed", batch.size(), e);
                batch.forEach(w -> {
                    release(w);
                    w.result().completeExceptionally(new JournalUnavailable("the journal write failed: " + e, e));
                });
            }
            return;
        }
        boolean wake = committed.leftForClaims();
        for (int i = 0; i < batch.size(); i++) {
            PendingWrite write = batch.get(i);
            release(write);
            wake |= write instanceof PendingWrite.Updating u && u.wakesDispatch();
            complete(write, committed.results().get(i));
        }
        if (!committed.handedOff().isEmpty()) {
            LocalDispatch dispatch = committed.dispatch();
            for (Claim claim : committed.handedOff()) {
                try {
                    dispatch.start(claim);
                } catch (RuntimeException e) {
                    // the entry stays claimed; the claim loop takes it over when its lease expires
                    LOG.log(Level.WARNING, "The local dispatcher did not take journal entry {0}", claim.eventId(), e);
                }
            }
        }
        if (wake) {
            onNewWork.run();
        }
    }

    /**
     * What a batch's transaction did: one result per write, the entries claimed at append for {@code dispatch},
     * and whether appended entries were left for the claim loop.
     */
    private record Committed(List<Object> results, LocalDispatch dispatch, List<Claim> handedOff, boolean leftForClaims) {}

    /** Counts the slots a transaction reserves, so they can be given back if it fails. */
    private static final class Reservations implements LocalDispatch {
        private final LocalDispatch dispatch;
        private final List<EventType> reserved = new ArrayList<>();

        Reservations(LocalDispatch dispatch) {
            this.dispatch = dispatch;
        }

        @Override
        public String claimant() {
            return dispatch.claimant();
        }

        @Override
        public java.time.Duration lease() {
            return dispatch.lease();
        }

        @Override
        public boolean reserve(EventType type) {
            boolean granted = dispatch.reserve(type);
            if (granted) reserved.add(type);
            return granted;
        }

        @Override
        public void cancel(EventType type) {
            dispatch.cancel(type);
        }

        @Override
        public void start(Claim claim) {
            dispatch.start(claim);
        }

        void cancelAll() {
            reserved.forEach(dispatch::cancel);
            reserved.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private static void complete(PendingWrite write, Object result) {
        ((CompletableFuture<Object>) write.result()).complete(result);
    }

    private Committed writeInOneTransaction(List<PendingWrite> batch) throws SQLException {
        List<List<NewEvent>> appends = new ArrayList<>();
        Map<String, List<PendingWrite.Updating>> updatesBySql = new LinkedHashMap<>();
        for (PendingWrite write : batch) {
            switch (write) {
                case PendingWrite.Appending a -> appends.add(a.events());
                case PendingWrite.Updating u -> updatesBySql.computeIfAbsent(u.sql(), k -> new ArrayList<>()).add(u);
                case PendingWrite.Wake w -> { }
            }
        }
        Map<PendingWrite, Object> resultOf = new IdentityHashMap<>();
        LocalDispatch dispatch = local;
        Reservations reservations = dispatch == null || appends.isEmpty() ? null : new Reservations(dispatch);
        List<Claim> handedOff = List.of();
        boolean leftForClaims = false;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                durability.beforeWrite(connection);
                if (!appends.isEmpty()) {
                    AppendWriter.Written written = appendWriter.write(connection, appends, Jdbc.micros(clock.instant()), reservations);
                    handedOff = written.handedOff();
                    leftForClaims = written.appended() > handedOff.size();
                    int k = 0;
                    for (PendingWrite write : batch) {
                        if (write instanceof PendingWrite.Appending) {
                            resultOf.put(write, written.results().get(k++));
                        }
                    }
                }
                for (var entry : updatesBySql.entrySet()) {
                    try (PreparedStatement ps = connection.prepareStatement(entry.getKey())) {
                        for (PendingWrite.Updating u : entry.getValue()) {
                            u.binder().bind(ps);
                            ps.addBatch();
                        }
                        int[] counts = ps.executeBatch();
                        for (int i = 0; i < counts.length; i++) {
                            resultOf.put(entry.getValue().get(i), counts[i] != 0);
                        }
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                restoreAutoCommit(connection);
            }
            durability.afterCommit(connection, !appends.isEmpty());
        } catch (SQLException | RuntimeException e) {
            // nothing is handed over; a claim that did commit before a failed flush is taken over after its lease
            if (reservations != null) reservations.cancelAll();
            throw e;
        }
        List<Object> results = new ArrayList<>(batch.size());
        batch.forEach(w -> results.add(resultOf.get(w)));
        return new Committed(results, dispatch, handedOff, leftForClaims);
    }

    /** Failures that belong to one write (constraint, data, serialization) rather than to the database. */
    private static boolean isolatable(Exception e) {
        if (!(e instanceof SQLException sql)) {
            return false;
        }
        for (SQLException s = sql; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("40"))) {
                return true;
            }
        }
        return false;
    }

    private void release(PendingWrite write) {
        if (write instanceof PendingWrite.Appending a) {
            queuedEvents.addAndGet(-a.weight());
        }
    }

    private void failQueued(JournalUnavailable error) {
        PendingWrite write;
        while ((write = queue.poll()) != null) {
            release(write);
            write.result().completeExceptionally(error);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "Could not restore auto-commit", e);
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
