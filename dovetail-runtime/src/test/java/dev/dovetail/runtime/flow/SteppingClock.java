package dev.dovetail.runtime.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves on by a fixed step every time it is read, so trace timings are predictable. */
final class SteppingClock extends Clock {

    private Instant now;
    private final Duration step;

    SteppingClock(Instant start, Duration step) {
        this.now = start;
        this.step = step;
    }

    @Override
    public synchronized Instant instant() {
        var current = now;
        now = now.plus(step);
        return current;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
