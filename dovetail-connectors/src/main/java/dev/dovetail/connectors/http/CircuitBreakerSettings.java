package dev.dovetail.connectors.http;

import java.time.Duration;

/**
 * When the circuit breaker of a system opens and how it recovers. Only retryable failures of the
 * target count (connection failures, timeouts, 5xx, 408); answers the target gave deliberately
 * (2xx, 4xx, 429) count as successes.
 *
 * @param enabled {@code false} to never open
 * @param failureRatePercent the failure rate, over the last {@code windowSize} calls, at which it opens
 * @param minimumCalls how many calls must be in the window before the rate is judged
 * @param windowSize how many recent calls the rate is computed over
 * @param openFor how long it stays open before letting probe calls through (half-open)
 * @param halfOpenCalls how many probe calls decide whether it closes again or reopens
 */
public record CircuitBreakerSettings(
        boolean enabled, int failureRatePercent, int minimumCalls, int windowSize, Duration openFor, int halfOpenCalls) {

    public CircuitBreakerSettings {
        if (failureRatePercent < 1 || failureRatePercent > 100) {
            throw new IllegalArgumentException("failureRatePercent must be within 1..100, got " + failureRatePercent);
        }
        if (minimumCalls < 1 || windowSize < 1 || halfOpenCalls < 1) {
            throw new IllegalArgumentException("minimumCalls, windowSize and halfOpenCalls must be positive");
        }
        openFor = HttpLimits.positive(openFor == null ? Duration.ofSeconds(10) : openFor, "openFor");
    }

    /** Opens at 50 % failures over the last 20 calls (at least 10), stays open 10 s, probes with 3 calls. */
    public static CircuitBreakerSettings defaults() {
        return new CircuitBreakerSettings(true, 50, 10, 20, Duration.ofSeconds(10), 3);
    }

    /** A breaker that never opens. */
    public static CircuitBreakerSettings disabled() {
        return new CircuitBreakerSettings(false, 50, 10, 20, Duration.ofSeconds(10), 3);
    }
}
