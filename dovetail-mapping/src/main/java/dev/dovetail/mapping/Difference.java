package dev.dovetail.mapping;

import static java.util.Objects.requireNonNull;

/**
 * One place where a mapping's output differs from a fixture's expectation.
 *
 * @param path     JSON path, e.g. {@code $.MX[0].DJ_FEN} ({@code $["odd key"]} for keys that are not identifiers)
 * @param kind     what differs
 * @param expected the expected value there (null for {@link Kind#UNEXPECTED})
 * @param actual   the actual value there (null for {@link Kind#MISSING})
 */
public record Difference(String path, Kind kind, Object expected, Object actual) {

    public enum Kind {
        /** Both have a value there, and they differ. */
        CHANGED,
        /** The expectation has a key or array element that the output lacks. */
        MISSING,
        /** The output has a key or array element that the expectation lacks. */
        UNEXPECTED
    }

    public Difference {
        requireNonNull(path, "path");
        requireNonNull(kind, "kind");
    }

    /**
     * One line: {@code $.MX[0].DJ_FEN: expected 10050, got 10051}, {@code $.ZT: missing (expected "APPROVED")}
     * or {@code $.extra: unexpected "x"}. Values are shown as JSON, long ones shortened.
     */
    public String describe() {
        return switch (kind) {
            case CHANGED -> path + ": expected " + JsonValues.render(expected, 200) + ", got " + JsonValues.render(actual, 200);
            case MISSING -> path + ": missing (expected " + JsonValues.render(expected, 200) + ")";
            case UNEXPECTED -> path + ": unexpected " + JsonValues.render(actual, 200);
        };
    }
}
