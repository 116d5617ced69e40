package dev.dovetail.runtime.poll;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * When a schedule fires: the tick after a given instant. Ticks are instants every node computes alike
 * (an interval is aligned to the epoch, a cron expression to the wall clock), so the nodes of a cluster
 * agree on which tick is which and a tick's journal entry is the same on all of them.
 */
@FunctionalInterface
public interface Timetable {

    /** The first tick strictly after {@code after}, or {@code null} when the schedule never fires again. */
    Instant nextAfter(Instant after);

    /**
     * Every {@code interval}, at the multiples of it since the epoch: {@code every: 30s} fires at :00 and
     * :30 of each minute on every node, whenever the node started.
     */
    static Timetable every(Duration interval) {
        requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("an interval must be positive: " + interval);
        }
        long step = Math.max(1, interval.toMillis());
        return after -> {
            long millis = after.toEpochMilli();
            return Instant.ofEpochMilli(Math.floorDiv(millis, step) * step + step);
        };
    }
}
