package dev.dovetail.connectors.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard Dovetail may use one system.
 *
 * @param ratePerSecond the most requests per second, spread evenly; {@code 0} means unlimited
 * @param concurrency the most requests in flight at once; {@code 0} means unlimited
 * @param timeout the longest one HTTP exchange may take, from sending until the whole answer is
 *     read; waiting for a rate or concurrency slot is bounded by the same amount separately
 * @param connectTimeout the longest establishing a connection may take
 * @param maxResponseBytes the largest answer body read; a larger one fails the attempt
 * @param circuitBreaker when to stop calling the system after repeated failures
 */
public record HttpLimits(
        double ratePerSecond,
        int concurrency,
        Duration timeout,
        Duration connectTimeout,
        long maxResponseBytes,
        CircuitBreakerSettings circuitBreaker) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    public HttpLimits {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be 0 (unlimited) or positive, got " + ratePerSecond);
        }
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must be 0 (unlimited) or positive, got " + concurrency);
        }
        timeout = positive(timeout == null ? DEFAULT_TIMEOUT : timeout, "timeout");
        connectTimeout = positive(connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout, "connectTimeout");
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive, got " + maxResponseBytes);
        }
        circuitBreaker = circuitBreaker == null ? CircuitBreakerSettings.defaults() : circuitBreaker;
    }

    /** Unlimited rate, 8 concurrent requests, 30 s timeout, 5 s connect timeout, 16 MiB answers, default breaker. */
    public static HttpLimits defaults() {
        return new HttpLimits(0, DEFAULT_CONCURRENCY, null, null, DEFAULT_MAX_RESPONSE_BYTES, null);
    }

    public HttpLimits withRatePerSecond(double rate) {
        return new HttpLimits(rate, concurrency, timeout, connectTimeout, maxResponseBytes, circuitBreaker);
    }

    public HttpLimits withConcurrency(int max) {
        return new HttpLimits(ratePerSecond, max, timeout, connectTimeout, maxResponseBytes, circuitBreaker);
    }

    public HttpLimits withTimeout(Duration newTimeout) {
        return new HttpLimits(ratePerSecond, concurrency, newTimeout, connectTimeout, maxResponseBytes, circuitBreaker);
    }

    public HttpLimits withConnectTimeout(Duration newTimeout) {
        return new HttpLimits(ratePerSecond, concurrency, timeout, newTimeout, maxResponseBytes, circuitBreaker);
    }

    public HttpLimits withMaxResponseBytes(long max) {
        return new HttpLimits(ratePerSecond, concurrency, timeout, connectTimeout, max, circuitBreaker);
    }

    public HttpLimits withCircuitBreaker(CircuitBreakerSettings settings) {
        return new HttpLimits(ratePerSecond, concurrency, timeout, connectTimeout, maxResponseBytes, settings);
    }

    static Duration positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }
}
