package dev.dovetail.runtime.poll;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.mapping.MappingResult;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a value from a polled record by a JSONata path (an event's {@code key}, {@code version}, a
 * watermark's {@code field}). Plain dotted names ({@code id}, {@code account.updatedAt}) are read
 * directly; anything else goes to the JSONata engine.
 */
final class RecordPath {
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** What a path read. */
    sealed interface Read {}

    record Found(Object value) implements Read {}

    record Failed(String reason) implements Read {}

    private final String path;
    private final String[] names;
    private final MappingEngine mappings;

    RecordPath(String path, MappingEngine mappings) {
        this.path = path;
        this.names = SIMPLE.matcher(path).matches() ? path.split("\\.") : null;
        this.mappings = mappings;
    }

    String path() {
        return path;
    }

    Read read(Object record) {
        if (names != null) {
            Object current = record;
            boolean simple = true;
            for (String name : names) {
                if (current instanceof Map<?, ?> map) {
                    current = map.get(name);
                } else if (current instanceof List<?>) {
                    simple = false; // a name over a list maps over it in JSONata
                    break;
                } else {
                    current = null;
                    break;
                }
            }
            if (simple) {
                return new Found(current);
            }
        }
        return switch (mappings.evaluateExpression(path, record)) {
            case MappingResult.Success success -> new Found(success.output());
            case MappingResult.Failure failure -> new Failed(failure.format());
        };
    }
}
