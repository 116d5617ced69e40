package dev.dovetail.mapping;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Bounds on every single evaluation of a mapping or expression.
 *
 * @param timeout  wall-clock time one evaluation may take; checked at every step of the evaluator, so an
 *                 endless (tail-recursive) loop fails with {@code LIMIT_TIMEOUT} shortly after this time
 * @param maxDepth how deeply expression evaluation may nest (the JSONata evaluator's stack: each
 *                 nested expression, function call or path step is one level). A non-tail-recursive
 *                 function uses about three levels per call, so 100 allows roughly 30 levels of such
 *                 recursion; deeper nesting fails with {@code LIMIT_DEPTH}
 */
public record MappingLimits(Duration timeout, int maxDepth) {

    /** The workspace defaults: {@code mapping: {timeout: 2s, maxDepth: 100}}. */
    public static final MappingLimits DEFAULT = new MappingLimits(Duration.ofSeconds(2), 100);

    public MappingLimits {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
    }
}
