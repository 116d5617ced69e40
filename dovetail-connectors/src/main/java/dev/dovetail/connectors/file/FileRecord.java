package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One data row of a file.
 *
 * @param line the 1-based line (CSV) or row (xlsx) where the row starts
 * @param values the cells as text, keyed by column name, in column order
 */
public record FileRecord(int line, Map<String, Object> values) {

    public FileRecord {
        requireNonNull(values, "values");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
