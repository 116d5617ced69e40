package dev.dovetail.runtime.journal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A write handed to the {@link GroupCommitter}; its future completes once the write is committed. */
sealed interface PendingWrite {

    /** How much of a batch this write takes up. */
    int weight();

    CompletableFuture<?> result();

    /** Events to append; completes with one result per event, in order. */
    record Appending(List<NewEvent> events, CompletableFuture<List<AppendResult>> result) implements PendingWrite {
        @Override
        public int weight() {
            return events.size();
        }
    }

    /**
     * A single-row update (a state change of one entry); completes with whether a row changed.
     * Updates with the same SQL in one batch go to the database as one JDBC batch.
     *
     * @param wakesDispatch whether the change may make an entry claimable (a replay)
     */
    record Updating(String sql, Binder binder, boolean wakesDispatch, CompletableFuture<Boolean> result)
            implements PendingWrite {
        @Override
        public int weight() {
            return 1;
        }
    }

    /** Wakes the committer so it notices it was closed. */
    record Wake(CompletableFuture<Void> result) implements PendingWrite {
        @Override
        public int weight() {
            return 0;
        }
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
