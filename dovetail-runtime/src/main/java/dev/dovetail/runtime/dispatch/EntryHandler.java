package dev.dovetail.runtime.dispatch;

import dev.dovetail.runtime.journal.JournalEntry;

/**
 * Does the work for one journal entry. Runs on a virtual thread; may block. Entries of the same
 * system, event and record key reach it one at a time and in append order.
 *
 * <p>Delivery is at least once: after a crash, or when a lease was lost, the same entry can be handed
 * over again, so the work must be idempotent (use {@link JournalEntry#eventId()} as the idempotency key,
 * and the event id plus a step name as the dedup key of any entry appended for the next hop).
 * {@link JournalEntry#attempts()} is the number of this attempt, starting at 1. An exception counts
 * as a retryable failure.
 */
@FunctionalInterface
public interface EntryHandler {

    Outcome handle(JournalEntry entry) throws Exception;
}
