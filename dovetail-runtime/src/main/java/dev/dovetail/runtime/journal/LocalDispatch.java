package dev.dovetail.runtime.journal;

import java.time.Duration;

/**
 * A dispatcher in this process that takes fresh appends straight from the journal ("claim at append"): an
 * event it has a free slot for, and whose record key has no unfinished entry, is written already claimed
 * under {@link #claimant()} in its append transaction and handed over once that transaction is durable, so
 * it needs no claim query and no claim update. Everything else is claimed from the table as before.
 *
 * <p>Only on H2: there one journal (one committer) appends for the whole database, so the check that a
 * key has no unfinished entry cannot race with another node's append. See
 * docs/adr/0016-claim-at-append.md.
 */
public interface LocalDispatch {

    /** The claimant the entries are claimed under. */
    String claimant();

    /** How long a claim holds without renewal. */
    Duration lease();

    /**
     * Reserves a slot for an entry of this type; {@code false} if there is none (the entry is then left for
     * the claim loop). Called on the committer thread; must be quick.
     */
    boolean reserve(EventType type);

    /** Gives back a reservation whose entry was not stored after all (the transaction failed). */
    void cancel(EventType type);

    /** Starts an entry reserved before, now durable and claimed under {@link #claimant()}. Must be quick. */
    void start(Claim claim);
}
