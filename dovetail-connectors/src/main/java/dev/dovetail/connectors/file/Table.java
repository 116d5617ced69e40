package dev.dovetail.connectors.file;

import java.util.List;

/**
 * Rows of text cells under named columns, as a CSV file or a sheet holds them.
 *
 * @param columns the column names, in file order
 * @param rows the data rows, each as long as {@code columns}
 * @param lines the 1-based line (CSV) or row (xlsx) number where each row starts, for error messages
 */
record Table(List<String> columns, List<List<String>> rows, List<Integer> lines) {
    Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        lines = List.copyOf(lines);
        if (lines.size() != rows.size()) {
            throw new IllegalArgumentException("one line number per row");
        }
    }
}
