package dev.dovetail.sandbox.crm;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** A token bucket per client: {@code perSecond} requests a second, bursts up to one second's worth. */
final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long refilledAt;
    }

    private final double perSecond;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** @param perSecond 0 or less turns limiting off */
    RateLimiter(double perSecond) {
        this.perSecond = perSecond;
    }

    /** Empty when the request may go ahead, else the whole seconds to wait (at least 1). */
    synchronized OptionalLong acquire(String client) {
        if (perSecond <= 0) {
            return OptionalLong.empty();
        }
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(client, c -> {
            Bucket b = new Bucket();
            b.tokens = Math.max(1, perSecond);
            b.refilledAt = now;
            return b;
        });
        double capacity = Math.max(1, perSecond);
        bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) / 1e9 * perSecond);
        bucket.refilledAt = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return OptionalLong.empty();
        }
        double seconds = (1 - bucket.tokens) / perSecond;
        return OptionalLong.of(Math.max(1, (long) Math.ceil(seconds)));
    }

    synchronized void clear() {
        buckets.clear();
    }
}
