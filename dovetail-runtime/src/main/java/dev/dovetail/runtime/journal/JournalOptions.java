package dev.dovetail.runtime.journal;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * How the journal commits.
 *
 * @param maxBatchEvents  most events (plus state changes) written in one transaction
 * @param maxQueuedEvents appends waiting for the committer beyond which new appends are refused
 *                        with {@link JournalOverloaded} (back-pressure instead of unbounded memory)
 * @param syncEachBatch   on an H2 file database, force each batch that holds appends to the disk
 *                        device ({@code CHECKPOINT SYNC}), so an acknowledged event survives a power
 *                        loss, not only a killed process. Ignored on PostgreSQL, where
 *                        {@code synchronous_commit} does this.
 * @param clock           source of received-at times and event ids
 */
public record JournalOptions(int maxBatchEvents, int maxQueuedEvents, boolean syncEachBatch, Clock clock) {

    public JournalOptions {
        requireNonNull(clock, "clock");
        if (maxBatchEvents < 1 || maxQueuedEvents < 1) {
            throw new IllegalArgumentException("maxBatchEvents and maxQueuedEvents must be positive");
        }
    }

    public static JournalOptions defaults() {
        return new JournalOptions(512, 20_000, true, Clock.systemUTC());
    }

    public JournalOptions withMaxBatchEvents(int value) {
        return new JournalOptions(value, maxQueuedEvents, syncEachBatch, clock);
    }

    public JournalOptions withMaxQueuedEvents(int value) {
        return new JournalOptions(maxBatchEvents, value, syncEachBatch, clock);
    }

    public JournalOptions withSyncEachBatch(boolean value) {
        return new JournalOptions(maxBatchEvents, maxQueuedEvents, value, clock);
    }

    public JournalOptions withClock(Clock value) {
        return new JournalOptions(maxBatchEvents, maxQueuedEvents, syncEachBatch, value);
    }
}
