package dev.dovetail.mapping;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The outcome of evaluating a mapping or expression: the output, or why there is none.
 * {@link MappingEngine} never throws for a bad expression or bad data; it returns a {@link Failure}.
 */
public sealed interface MappingResult {

    /**
     * The mapping produced {@code output}, a JSON-like value: {@code Map<String,Object>} (insertion
     * ordered), {@code List<Object>}, String, Boolean, null (JSONata's "undefined" and JSON null), or a
     * number that is a {@link Long} when it has no fractional part and fits, else a
     * {@link java.math.BigDecimal} without trailing zeros (so {@code 10050.0} comes out as {@code 10050L}
     * and {@code 1234.50} as {@code 1234.5}).
     */
    record Success(Object output) implements MappingResult {}

    /**
     * The mapping could not produce an output.
     *
     * @param code     a stable code: one of Dovetail's ({@code LIMIT_TIMEOUT}, {@code LIMIT_DEPTH},
     *                 {@code UNKNOWN_MAPPING}, {@code BAD_INPUT}, {@code BAD_RESULT}, {@code BAD_ARGUMENT},
     *                 {@code VALUEMAP_UNKNOWN}, {@code VALUEMAP_UNMAPPED}, {@code ENGINE_ERROR}) or a JSONata
     *                 error code such as {@code S0202} (syntax), {@code T2001} (type) or {@code D3030}
     * @param message  what went wrong, in words a mapping author understands
     * @param mapping  the mapping's name; empty for an inline expression
     * @param position where in the expression text, when known
     */
    record Failure(String code, String message, Optional<String> mapping, Optional<Position> position) implements MappingResult {
        public Failure {
            requireNonNull(code, "code");
            requireNonNull(message, "message");
            requireNonNull(mapping, "mapping");
            requireNonNull(position, "position");
        }

        /** One line, e.g. {@code erp/order.out:4:14: $valuemap: ... [VALUEMAP_UNMAPPED]}. */
        public String format() {
            var where = new StringBuilder(mapping.orElse("expression"));
            position.ifPresent(p -> where.append(':').append(p.line()).append(':').append(p.column()));
            return where + ": " + message + " [" + code + "]";
        }

        /** True for {@code LIMIT_TIMEOUT} and {@code LIMIT_DEPTH}. */
        public boolean isLimitExceeded() {
            return code.startsWith("LIMIT_");
        }
    }

    /** A place in an expression text: 1-based line and column (the column of the offending token's last character). */
    record Position(int line, int column) {
        /** Converts JSONata's character offset (the index just after the offending token) to line and column. */
        static Position atOffset(String text, int offset) {
            if (text.isEmpty()) return new Position(1, 1);
            int index = Math.max(0, Math.min(offset - 1, text.length() - 1));
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < index; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new Position(line, index - lineStart + 1);
        }
    }
}
