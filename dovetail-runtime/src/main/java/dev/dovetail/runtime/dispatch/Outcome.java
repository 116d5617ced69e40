package dev.dovetail.runtime.dispatch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * What became of one attempt at a journal entry; the dispatcher records it. Each outcome may carry
 * {@code progress}: handler state to keep with the entry (see {@code JournalEntry.progress()}), e.g.
 * the deliveries this attempt completed; {@code null} keeps what the entry had.
 */
public sealed interface Outcome {

    /** What to keep with the entry, or {@code null} to keep what it had. */
    String progress();

    /** Processed; the entry is finished. */
    record Done(String progress) implements Outcome {
        public Done() {
            this(null);
        }
    }

    /** Failed for a reason that may pass; try again at {@code at} (e.g. a target's Retry-After date). */
    record RetryAt(Instant at, String reason, String progress) implements Outcome {
        public RetryAt {
            requireNonNull(at, "at");
            requireNonNull(reason, "reason");
        }

        public RetryAt(Instant at, String reason) {
            this(at, reason, null);
        }
    }

    /** Failed for a reason that may pass; try again after {@code delay} (e.g. from a {@link Backoff}). */
    record RetryAfter(Duration delay, String reason, String progress) implements Outcome {
        public RetryAfter {
            requireNonNull(delay, "delay");
            requireNonNull(reason, "reason");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
        }

        public RetryAfter(Duration delay, String reason) {
            this(delay, reason, null);
        }
    }

    /** Cannot be processed (a validation error, a 4xx, a mapping error): park as a dead letter. */
    record Dead(String reason, String detail, String progress) implements Outcome {
        public Dead {
            requireNonNull(reason, "reason");
        }

        public Dead(String reason, String detail) {
            this(reason, detail, null);
        }
    }

    static Outcome done() {
        return new Done();
    }

    static Outcome retryAfter(Duration delay, String reason) {
        return new RetryAfter(delay, reason);
    }

    static Outcome retryAt(Instant at, String reason) {
        return new RetryAt(at, reason);
    }

    static Outcome dead(String reason, String detail) {
        return new Dead(reason, detail);
    }
}
