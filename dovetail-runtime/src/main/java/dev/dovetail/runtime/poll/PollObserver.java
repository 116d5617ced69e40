package dev.dovetail.runtime.poll;

import dev.dovetail.model.EventRef;
import java.time.Duration;
import java.time.Instant;

/**
 * Told what polling and schedules do, for metrics and logs. Every method has a no-op default; calls come
 * from the polling threads and must return quickly and not throw.
 *
 * <p>A source is named by an {@link EventRef}: {@code <system>.<event>} for a system's poll or schedule
 * event, {@code schedule.<flow>} for a flow triggered by a schedule.
 */
public interface PollObserver {

    /** No-op. */
    PollObserver NONE = new PollObserver() {};

    /** This node holds the source's lease for {@code tick} and runs it. */
    default void runStarted(EventRef source, Instant tick) {}

    /** Another node holds the source's lease; this node skips {@code tick}. */
    default void leaseHeldElsewhere(EventRef source, Instant tick) {}

    /** A page's records are durably in the journal: {@code appended} new ones, {@code duplicates} seen before. */
    default void pageJournaled(EventRef source, int appended, int duplicates) {}

    /** A record of a page could not become an event (no key, a key too long…) and was skipped. */
    default void recordSkipped(EventRef source, String reason) {}

    /** Reading or journaling a page failed for now; it is tried again after {@code wait}. */
    default void pageRetrying(EventRef source, String reason, Duration wait) {}

    /** The system rejected the page request (a permanent failure): the run stops and the watermark stays. */
    default void pageRejected(EventRef source, String reason) {}

    /** A run stopped early (retries used up, no connector, the watermark could not be stored…); the next tick tries again. */
    default void runFailed(EventRef source, String reason) {}

    /** The stored watermark moved to {@code value}, after the records up to it were journaled. */
    default void watermarkAdvanced(EventRef source, String value) {}

    /** A schedule tick is in the journal ({@code duplicate}: another node or an earlier run put it there). */
    default void tickJournaled(EventRef source, Instant tick, boolean duplicate) {}

    /** A source could not be started (e.g. a cron expression no evaluator understands). */
    default void sourceFailed(EventRef source, String reason) {}
}
