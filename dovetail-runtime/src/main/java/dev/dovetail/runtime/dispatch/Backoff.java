package dev.dovetail.runtime.dispatch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter and a cap: attempt n waits {@code initial * multiplier^(n-1)},
 * capped at {@code max}, then shortened by a random part of up to {@code jitter} (0..1) of itself,
 * so retries of many entries spread out and never wait longer than {@code max}.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    public Backoff {
        requireNonNull(initial, "initial");
        requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("need 0 <= initial <= max, multiplier >= 1, 0 <= jitter <= 1");
        }
    }

    /** Doubling from {@code initial} up to {@code max}, with 20 % jitter. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, 2.0, 0.2);
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        return delayAfter(attempt, ThreadLocalRandom.current());
    }

    public Duration delayAfter(int attempt, RandomGenerator random) {
        double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, max.toMillis());
        double jittered = capped * (1 - jitter * random.nextDouble());
        return Duration.ofMillis(Math.round(jittered));
    }
}
