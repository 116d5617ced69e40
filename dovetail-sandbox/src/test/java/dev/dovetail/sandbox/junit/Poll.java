package dev.dovetail.sandbox.junit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline (never a fixed sleep). */
public final class Poll {

    private Poll() {}

    /** Checks every 20 ms until true; fails with {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
