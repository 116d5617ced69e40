package dev.dovetail.server;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds or a deadline passes; never a fixed sleep. */
final class Eventually {
    private Eventually() {}

    /** The first value that satisfies {@code done}, or the last one seen when the deadline passed. */
    static <T> T poll(Duration within, Supplier<T> probe, Predicate<T> done) {
        var deadline = System.nanoTime() + within.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = probe.get();
        }
        return value;
    }
}
