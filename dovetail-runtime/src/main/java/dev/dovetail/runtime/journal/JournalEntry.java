package dev.dovetail.runtime.journal;

import java.time.Instant;

/**
 * One row of the journal as stored.
 *
 * @param seq            the journal's append order (used for per-key order)
 * @param attempts       attempts started so far; while IN_PROGRESS this is the number of the running attempt
 * @param nextAttemptAt  when the entry may next be claimed (lease expiry while IN_PROGRESS); null once finished
 * @param progress       state a handler keeps across attempts (set with its outcome, or at append), or null;
 *                       e.g. the idempotency keys of deliveries already made, so a retry or a replay skips them
 * @param finishedAt     when it became DONE, DEAD or DISCARDED; null while unfinished
 */
public record JournalEntry(long seq, EventId eventId, String system, String event, String recordKey,
                           String dedupKey, EventId causedBy, String contentType, String payload,
                           Instant receivedAt, EntryStatus status, int attempts, Instant nextAttemptAt,
                           String claimedBy, Instant claimExpiresAt, String lastError, String lastErrorDetail,
                           String progress, Instant finishedAt) {

    public EventType type() {
        return new EventType(system, event);
    }
}
