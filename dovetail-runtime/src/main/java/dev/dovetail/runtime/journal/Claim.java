package dev.dovetail.runtime.journal;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A lease on one journal entry: the holder may process it until {@code expiresAt} (renewable).
 * Finishing the entry succeeds only while this claim is still the entry's current one, so a
 * holder that lost its lease (paused, partitioned) cannot overwrite the new holder's result.
 *
 * @param attempt the number of this attempt (1 for the first)
 */
public record Claim(JournalEntry entry, String claimant, int attempt, Instant expiresAt) {

    public Claim {
        requireNonNull(entry, "entry");
        requireNonNull(claimant, "claimant");
        requireNonNull(expiresAt, "expiresAt");
    }

    public long seq() {
        return entry.seq();
    }

    public EventId eventId() {
        return entry.eventId();
    }
}
