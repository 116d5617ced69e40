package dev.dovetail.runtime.poll;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Tells the loops of one set of sources to stop, and wakes them from their waits. */
final class StopSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean stopped;

    boolean stopped() {
        return stopped;
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for {@code duration} unless stopped first; true when the full time passed. */
    boolean sleep(Duration duration) {
        long nanos = duration.toNanos();
        lock.lock();
        try {
            while (!stopped && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return !stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
