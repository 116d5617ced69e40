package dev.dovetail.runtime.poll;

import dev.dovetail.model.EventRef;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waits for each tick of one source's timetable and runs the source's work for it, on one virtual thread. */
final class SourceLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(SourceLoop.class.getName());

    /** What a source does on a tick. */
    interface Work {
        void run(Tick tick);
    }

    private final EventRef source;
    private final Timetable timetable;
    private final Work work;
    private final StopSignal stop;
    private final Clock clock;

    SourceLoop(EventRef source, Timetable timetable, Work work, StopSignal stop, Clock clock) {
        this.source = source;
        this.timetable = timetable;
        this.work = work;
        this.stop = stop;
        this.clock = clock;
    }

    @Override
    public void run() {
        Instant last = clock.instant();
        while (!stop.stopped()) {
            Instant at = timetable.nextAfter(last);
            if (at == null) {
                LOG.log(Level.INFO, "The schedule of {0} fires no more", source);
                return;
            }
            Duration wait = Duration.between(clock.instant(), at);
            if (!wait.isNegative() && !wait.isZero() && !stop.sleep(wait)) {
                return;
            }
            if (clock.instant().isBefore(at)) {
                continue; // woke early (clock adjusted); wait again for the same tick
            }
            try {
                work.run(new Tick(at, timetable.nextAfter(at)));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "A tick of " + source + " failed; the next tick runs as planned", e);
            }
            // ticks that passed while this one ran are skipped, not run in a burst
            Instant now = clock.instant();
            last = now.isAfter(at) ? now : at;
        }
    }
}
