package dev.dovetail.runtime.journal;

/** Where a journal entry is in its life. */
public enum EntryStatus {
    /** Appended, not yet tried. */
    PENDING,
    /** Claimed by a dispatcher under a lease. */
    IN_PROGRESS,
    /** Tried, failed for a reason that may pass; waits for its next attempt. */
    RETRY,
    /** Processed. Removed by retention after a while. */
    DONE,
    /** Failed for good (a dead letter); kept until replayed or discarded. */
    DEAD,
    /** A dead letter an operator chose to drop. Removed by retention after a while. */
    DISCARDED;

    public boolean isFinished() {
        return this == DONE || this == DEAD || this == DISCARDED;
    }
}
