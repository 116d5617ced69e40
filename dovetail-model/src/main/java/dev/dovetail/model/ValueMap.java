package dev.dovetail.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A code table from {@code valuemaps/NAME.csv}: a header row naming the columns (usually systems, e.g.
 * {@code crm,erp}) and one row per mapped value. A row whose first cell is {@code *} gives the default
 * for unmapped values.
 *
 * @param rows the data rows (without header and default row), each as long as {@code columns}
 */
public record ValueMap(String name, String file, List<String> columns, List<List<String>> rows, Optional<String> defaultValue) {
    public ValueMap {
        requireNonNull(name, "name");
        requireNonNull(file, "file");
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        requireNonNull(defaultValue, "defaultValue");
    }

    /** Looks a value up from the first column to the second. */
    public Optional<String> lookup(String value) {
        return lookup(value, columns.get(0), columns.get(1));
    }

    /** Looks a value up from column {@code from} to column {@code to} (names from the header). */
    public Optional<String> lookup(String value, String from, String to) {
        int f = columns.indexOf(from);
        int t = columns.indexOf(to);
        if (f < 0) throw new IllegalArgumentException("value map '" + name + "' has no column '" + from + "' (columns: " + columns + ")");
        if (t < 0) throw new IllegalArgumentException("value map '" + name + "' has no column '" + to + "' (columns: " + columns + ")");
        for (var row : rows) {
            if (row.get(f).equals(value)) return Optional.of(row.get(t));
        }
        return Optional.empty();
    }
}
