package dev.dovetail.sandbox.common;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Injected failures, set through {@code POST /_control/faults} and applied by {@link HttpSandbox}
 * in front of every route except {@code /_control/...} and the HTML page {@code GET /}. Systems with
 * other doors (a database port, SFTP) call {@link #apply()} there too. Faults live in memory only: a
 * restart clears them.
 *
 * <p>Settings (a {@code POST} merges the keys it names into the current ones):
 * <ul>
 *   <li>{@code failNext} + optional {@code status} (default 503): the next N requests fail with that
 *       status.</li>
 *   <li>{@code latencyMs}: every request waits that long first (0 turns it off).</li>
 *   <li>{@code downForSeconds}: for T seconds every request is answered {@code 503} with
 *       {@code Retry-After} (connections are accepted, not refused; 0 ends it).</li>
 * </ul>
 */
public final class Faults {

    /**
     * A failure to answer instead of the real handler.
     *
     * @param status            HTTP status to answer
     * @param reason            {@code injected failure} or {@code down}
     * @param retryAfterSeconds seconds until the system is back (0 when unknown)
     */
    public record Injected(int status, String reason, long retryAfterSeconds) {}

    private final Clock clock;
    private final Stats stats;
    private int failNext;
    private int failStatus = 503;
    private long latencyMs;
    private Instant downUntil = Instant.EPOCH;

    public Faults(Stats stats) {
        this(stats, Clock.systemUTC());
    }

    Faults(Stats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    /**
     * Applies the current faults to one request: waits out the latency, then tells whether the
     * request must fail (down, or one of the next N). Counts {@code faults.latency},
     * {@code faults.down} and {@code faults.failed} in {@link Stats}.
     */
    public Optional<Injected> apply() {
        long wait;
        synchronized (this) {
            wait = latencyMs;
        }
        if (wait > 0) {
            stats.increment("faults.latency");
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(downUntil)) {
                stats.increment("faults.down");
                long seconds = Math.max(1, (downUntil.toEpochMilli() - now.toEpochMilli() + 999) / 1000);
                return Optional.of(new Injected(503, "down", seconds));
            }
            if (failNext > 0) {
                failNext--;
                stats.increment("faults.failed");
                return Optional.of(new Injected(failStatus, "injected failure", 0));
            }
            return Optional.empty();
        }
    }

    /** True while a {@code downForSeconds} window is open. */
    public synchronized boolean isDown() {
        return clock.instant().isBefore(downUntil);
    }

    /**
     * Merges settings: {@code failNext}, {@code status}, {@code latencyMs}, {@code downForSeconds}.
     *
     * @throws IllegalArgumentException for an unknown key or a value that is not a non-negative number
     */
    public synchronized void configure(Map<String, Object> settings) {
        for (String key : settings.keySet()) {
            if (!Map.of("failNext", 0, "status", 0, "latencyMs", 0, "downForSeconds", 0).containsKey(key)) {
                throw new IllegalArgumentException("unknown fault setting " + key
                        + " (known: failNext, status, latencyMs, downForSeconds)");
            }
        }
        Long status = number(settings, "status");
        if (status != null && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be an HTTP status (100-599)");
        }
        Long fail = number(settings, "failNext");
        Long latency = number(settings, "latencyMs");
        Long down = number(settings, "downForSeconds");
        if (fail != null) {
            failNext = (int) Math.min(fail, Integer.MAX_VALUE);
            failStatus = status == null ? 503 : status.intValue();
        } else if (status != null) {
            failStatus = status.intValue();
        }
        if (latency != null) {
            latencyMs = latency;
        }
        if (down != null) {
            downUntil = clock.instant().plusSeconds(down);
        }
    }

    /** Clears every fault. */
    public synchronized void clear() {
        failNext = 0;
        failStatus = 503;
        latencyMs = 0;
        downUntil = Instant.EPOCH;
    }

    /** The current settings as JSON: failNext, status, latencyMs, downForSeconds (remaining), down. */
    public synchronized Map<String, Object> snapshot() {
        Instant now = clock.instant();
        long remaining = now.isBefore(downUntil) ? (downUntil.toEpochMilli() - now.toEpochMilli() + 999) / 1000 : 0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("failNext", failNext);
        out.put("status", failStatus);
        out.put("latencyMs", latencyMs);
        out.put("downForSeconds", remaining);
        out.put("down", remaining > 0);
        return out;
    }

    private static Long number(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() == Math.floor(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException(key + " must be a non-negative integer");
    }
}
