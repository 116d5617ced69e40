package dev.dovetail.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The result of one attempt to perform an operation. Connectors classify every answer and every
 * failure of the target into exactly one of these, in one place.
 *
 * <pre>{@code
 * switch (invoker.invoke(call)) {
 *     case Delivered d  -> journal.delivered(entry, d.response());
 *     case RetryLater r -> retries.schedule(entry, r.after() != null ? r.after() : backoff.next(entry));
 *     case Rejected r   -> deadLetters.park(entry, r.reason(), r.responseExcerpt());
 * }
 * }</pre>
 *
 * <p>{@code status} is the protocol's status code where there is one (HTTP status), else
 * {@link #NO_STATUS}.
 */
public sealed interface DeliveryOutcome {

    /** The status of an outcome that had no answer from the target (connection refused, timeout, open circuit). */
    int NO_STATUS = 0;

    /** The longest response excerpt a connector keeps in an outcome, in characters. */
    int EXCERPT_LIMIT = 2048;

    /**
     * The target accepted the operation.
     *
     * @param status the protocol status, e.g. 200, 201, 204
     * @param response the parsed answer: a JSON-like value ({@code Map}, {@code List}, {@code String},
     *     {@code Number}, {@code Boolean}) for JSON, the text otherwise, {@code null} for an empty answer
     * @param headers the answer's headers; names are matched case-insensitively
     */
    record Delivered(int status, Object response, Map<String, List<String>> headers) implements DeliveryOutcome {
        public Delivered {
            headers = copyHeaders(headers);
        }

        /** The first value of a header, if present. */
        public Optional<String> header(String name) {
            var values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.getFirst());
        }
    }

    /**
     * A transient failure: the same call may succeed later (timeouts, connection failures, 5xx, 429,
     * an open circuit breaker). The runtime retries with the same idempotency key.
     *
     * @param after the earliest sensible time for the next attempt when the target said so
     *     ({@code Retry-After}) or the circuit breaker knows it; {@code null} means "use your backoff"
     * @param reason a one-line human-readable reason
     * @param status the protocol status, or {@link #NO_STATUS} when there was no answer
     * @param responseExcerpt the start of the answer's body (at most {@link #EXCERPT_LIMIT} characters), or {@code null}
     */
    record RetryLater(Duration after, String reason, int status, String responseExcerpt)
            implements DeliveryOutcome, PageOutcome {
        public RetryLater {
            Objects.requireNonNull(reason, "reason");
            if (after != null && after.isNegative()) {
                throw new IllegalArgumentException("after must not be negative: " + after);
            }
        }

        /** A retryable failure without an answer from the target. */
        public static RetryLater because(String reason) {
            return new RetryLater(null, reason, NO_STATUS, null);
        }
    }

    /**
     * A permanent failure: the same call will fail again (validation errors, 4xx other than 408/429,
     * a bad mapping result, a denied target). The runtime dead-letters it at once.
     *
     * @param reason a one-line human-readable reason
     * @param status the protocol status, or {@link #NO_STATUS} when there was no answer
     * @param responseExcerpt the start of the answer's body (at most {@link #EXCERPT_LIMIT} characters), or {@code null}
     */
    record Rejected(String reason, int status, String responseExcerpt) implements DeliveryOutcome, PageOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        /** A permanent failure decided before anything was sent. */
        public static Rejected because(String reason) {
            return new Rejected(reason, NO_STATUS, null);
        }
    }

    private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
        var copy = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values == null ? List.of() : values)));
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Shortens a response body to at most {@link #EXCERPT_LIMIT} characters for an outcome, marking
     * the cut with {@code …}; {@code null} stays {@code null}.
     */
    static String excerpt(String text) {
        if (text == null || text.length() <= EXCERPT_LIMIT) {
            return text;
        }
        var end = EXCERPT_LIMIT - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, end) + "…";
    }
}
