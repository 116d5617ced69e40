package dev.dovetail.acceptance.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by asking it repeatedly until a deadline: never a fixed sleep. */
public final class Poll {
    private Poll() {}

    /** Whether {@code condition} became true within {@code timeout}, asking every {@code every}. */
    public static boolean within(Duration timeout, Duration every, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) return true;
            if (System.nanoTime() - deadline >= 0) return false;
            pause(every);
        }
    }

    /** Like {@link #within} but fails with {@code what} (evaluated at the deadline) when the condition stays false. */
    public static void until(Duration timeout, Duration every, BooleanSupplier condition, Supplier<String> what) {
        if (!within(timeout, every, condition)) throw new AssertionError("not within " + timeout + ": " + what.get());
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
