package dev.dovetail.runtime.poll;

import static java.util.Objects.requireNonNull;

import dev.dovetail.runtime.dispatch.Backoff;
import java.time.Clock;
import java.time.Duration;

/**
 * How polling runs.
 *
 * @param leaseFor     how long a node's lease on a source holds without renewal; a run renews it before
 *                     each page once half of it has passed. A node that dies mid-run is taken over after this.
 * @param pageAttempts attempts to read (or journal) one page before a run gives up until the next tick
 * @param pageBackoff  the wait between those attempts (a longer {@code Retry-After} from the system wins)
 * @param stopTimeout  how long {@link Polling#close()} (and a workspace change) waits for a run to finish
 *                     its current page before interrupting it
 * @param clock        the time ticks are computed and waited for in
 */
public record PollingOptions(Duration leaseFor, int pageAttempts, Backoff pageBackoff, Duration stopTimeout, Clock clock) {

    public PollingOptions {
        requireNonNull(leaseFor, "leaseFor");
        requireNonNull(pageBackoff, "pageBackoff");
        requireNonNull(stopTimeout, "stopTimeout");
        requireNonNull(clock, "clock");
        if (leaseFor.toMillis() < 10) {
            throw new IllegalArgumentException("leaseFor is too short: " + leaseFor);
        }
        if (pageAttempts < 1) {
            throw new IllegalArgumentException("pageAttempts must be positive");
        }
    }

    public static PollingOptions defaults() {
        return new PollingOptions(Duration.ofMinutes(10), 5, Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1)),
                Duration.ofSeconds(30), Clock.systemUTC());
    }

    public PollingOptions withLeaseFor(Duration value) {
        return new PollingOptions(value, pageAttempts, pageBackoff, stopTimeout, clock);
    }

    public PollingOptions withPageAttempts(int value) {
        return new PollingOptions(leaseFor, value, pageBackoff, stopTimeout, clock);
    }

    public PollingOptions withPageBackoff(Backoff value) {
        return new PollingOptions(leaseFor, pageAttempts, value, stopTimeout, clock);
    }

    public PollingOptions withStopTimeout(Duration value) {
        return new PollingOptions(leaseFor, pageAttempts, pageBackoff, value, clock);
    }

    public PollingOptions withClock(Clock value) {
        return new PollingOptions(leaseFor, pageAttempts, pageBackoff, stopTimeout, value);
    }
}
