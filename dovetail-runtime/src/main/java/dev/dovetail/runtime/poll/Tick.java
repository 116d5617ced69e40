package dev.dovetail.runtime.poll;

import java.time.Duration;
import java.time.Instant;

/**
 * One firing of a source's schedule.
 *
 * @param at   the tick's instant (the same on every node)
 * @param next the following tick, or {@code null} when there is none
 */
record Tick(Instant at, Instant next) {

    /**
     * Until when a node that ran this tick keeps the source's lease after it finished: half-way to the next
     * tick, so a node whose clock is somewhat behind does not run the same tick again.
     */
    Instant keepLeaseUntil() {
        if (next == null) return at;
        return at.plus(Duration.between(at, next).dividedBy(2));
    }
}
