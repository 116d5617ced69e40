package dev.dovetail.runtime.hub;

import static java.util.Objects.requireNonNull;

import dev.dovetail.runtime.dispatch.Backoff;
import java.time.Duration;
import java.util.Optional;

/**
 * When a message whose flow asked to retry later is tried again, and when the hub gives up on it.
 *
 * @param maxAttempts attempts after which a message that still cannot be delivered becomes a dead letter
 * @param backoff     the wait after attempt n (exponential with jitter, capped)
 */
public record DeliveryPolicy(int maxAttempts, Backoff backoff) {

    public DeliveryPolicy {
        requireNonNull(backoff, "backoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive");
        }
    }

    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(12, Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(60)));
    }

    /**
     * The wait before the next attempt after {@code attempt} failed: the backoff, but never earlier than what the
     * target (Retry-After) or its circuit breaker asked for.
     */
    public Duration retryDelay(int attempt, Optional<Duration> requested) {
        Duration backoffDelay = backoff.delayAfter(attempt);
        return requested.filter(r -> r.compareTo(backoffDelay) > 0).orElse(backoffDelay);
    }

    /** Whether {@code attempt} was the last one allowed. */
    public boolean exhausted(int attempt) {
        return attempt >= maxAttempts;
    }
}
