package dev.dovetail.mapping;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;

/**
 * The state of one evaluation: its time and depth budget, and the stack of expression nodes being
 * evaluated (so a failure without a position from JSONata can still point at the innermost node).
 *
 * <p>jsonata-java calls an entry and an exit callback bound in the evaluation's frame around every
 * node it evaluates. Both check the deadline; entry checks the depth. Once a limit is hit the error is
 * kept and thrown again at every later step, so nothing inside the evaluator can swallow it.
 */
final class Evaluation {
    private final long deadline;
    private final MappingLimits limits;
    private final long startMillis = System.currentTimeMillis();
    private Object[] stack = new Object[32];
    private int depth;
    private DovetailError tripped;

    Evaluation(MappingLimits limits) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.timeout().toNanos();
    }

    /** Binds the limit callbacks and the per-evaluation clock ($now, $millis) into the evaluation's frame. */
    void install(Jsonata.Frame frame) {
        frame.setEvaluateEntryCallback((node, input, environment) -> enter(node));
        frame.setEvaluateExitCallback((node, input, environment, result) -> exit());
        // jsonata-java's own $now/$millis read a per-thread copy whose timestamp can be stale on pooled threads.
        frame.bind("now", new Now());
        frame.bind("millis", new Millis());
    }

    DovetailError tripped() {
        return tripped;
    }

    /** Character offset (JSONata's convention: just after the token) of the innermost node being evaluated, or -1. */
    int innermostOffset() {
        return depth == 0 ? -1 : SymbolPosition.of(stack[depth - 1]);
    }

    private void enter(Object node) {
        if (tripped != null) throw tripped;
        if (depth >= limits.maxDepth()) {
            throw trip(new DovetailError(Codes.LIMIT_DEPTH, "limit exceeded: evaluation nested deeper than " + limits.maxDepth()
                    + " levels (mapping.maxDepth); check for a recursive function that never stops, or rewrite it tail-recursively"));
        }
        if (depth == stack.length) stack = Arrays.copyOf(stack, depth * 2);
        stack[depth++] = node;
        checkTime();
    }

    private void exit() {
        if (tripped != null) throw tripped;
        if (depth > 0) stack[--depth] = null;
        checkTime();
    }

    private void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw trip(new DovetailError(Codes.LIMIT_TIMEOUT, "limit exceeded: evaluation took longer than "
                    + limits.timeout().toMillis() + " ms (mapping.timeout); check for an endless recursion or a very large range"));
        }
    }

    private DovetailError trip(DovetailError error) {
        tripped = error;
        return error;
    }

    /** {@code $now([picture[, timezone]])}: the evaluation's start time, the same at every call within one evaluation. */
    private final class Now extends DovetailFunction {
        Now() {
            super("now", 0, 2, false, "<s?s?:s>", "$now([picture[, timezone]])");
        }

        @Override
        Object apply(List<Object> args) {
            String picture = args.isEmpty() ? null : string(args.get(0), "picture");
            String zone = args.size() < 2 ? null : string(args.get(1), "timezone");
            try {
                return Functions.dateTimeFromMillis(startMillis, picture, zone);
            } catch (RuntimeException e) {
                throw DovetailError.badArgument(name, "cannot format the time with picture " + JsonValues.render(picture)
                        + " and timezone " + JsonValues.render(zone) + " (a timezone is written like +0800): " + e.getMessage());
            }
        }

        private String string(Object value, String what) {
            if (value == null || value instanceof String) return (String) value;
            throw DovetailError.badArgument(name, "the " + what + " must be a string, got " + JsonValues.describe(value));
        }
    }

    /** {@code $millis()}: the evaluation's start time in milliseconds since the epoch. */
    private final class Millis extends DovetailFunction {
        Millis() {
            super("millis", 0, 0, false, "<:n>", "$millis()");
        }

        @Override
        Object apply(List<Object> args) {
            return startMillis;
        }
    }

    /** Reads the package-private position of a jsonata-java parse node; only used on failure. */
    private static final class SymbolPosition {
        private static final Field POSITION = find();

        private static Field find() {
            try {
                Field field = Class.forName("com.dashjoin.jsonata.Parser$Symbol").getDeclaredField("position");
                field.setAccessible(true);
                return field;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // inaccessible (e.g. on the module path): positions are then unknown
            }
        }

        static int of(Object node) {
            if (POSITION == null || node == null || !POSITION.getDeclaringClass().isInstance(node)) return -1;
            try {
                return POSITION.getInt(node);
            } catch (IllegalAccessException e) {
                return -1;
            }
        }
    }
}
