package dev.dovetail.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/** Reads a value map CSV: RFC 4180 quoting, comma-separated, header row first, a {@code *} row as the default. */
final class Csv {
    private Csv() {}

    record Row(int line, List<String> cells) {}

    static ValueMap read(Ctx ctx, String name) {
        var rows = parse(ctx);
        if (rows == null) return null;
        if (rows.isEmpty()) {
            ctx.error(0, 0, "csv-empty", "value map is empty", "the first row names the columns (e.g. crm,erp), the rows below map values");
            return null;
        }
        var header = rows.get(0);
        boolean ok = true;
        if (header.cells().size() < 2) {
            ctx.error(header.line(), 1, "csv-columns", "value map needs at least 2 columns, the header has " + header.cells().size(),
                    "write a header like crm,erp and separate cells with commas");
            return null;
        }
        var seenColumns = new HashMap<String, Integer>();
        for (int i = 0; i < header.cells().size(); i++) {
            var c = header.cells().get(i);
            if (c.isBlank()) {
                ctx.error(header.line(), 0, "csv-columns", "column " + (i + 1) + " of the header has no name", "name every column (usually after a system: crm,erp)");
                ok = false;
            } else if (seenColumns.putIfAbsent(c, i) != null) {
                ctx.error(header.line(), 0, "csv-columns", "column '" + c + "' appears twice in the header", "give each column its own name");
                ok = false;
            }
        }
        var data = new ArrayList<List<String>>();
        Optional<String> defaultValue = Optional.empty();
        int defaultLine = 0;
        var keys = new HashMap<String, Integer>();
        for (var row : rows.subList(1, rows.size())) {
            if (row.cells().size() != header.cells().size()) {
                ctx.error(row.line(), 1, "csv-ragged-row", "row has " + row.cells().size() + " cells, the header has " + header.cells().size(),
                        "every row needs one cell per column; quote cells that contain commas: \"a, b\"");
                ok = false;
                continue;
            }
            var key = row.cells().get(0);
            if (key.equals("*")) {
                if (defaultLine > 0) {
                    ctx.error(row.line(), 1, "csv-duplicate-key", "a second default row '*' (the first is at line " + defaultLine + ")", "keep one '*' row");
                    ok = false;
                }
                defaultLine = row.line();
                defaultValue = Optional.of(row.cells().get(1));
                continue;
            }
            var first = keys.putIfAbsent(key, row.line());
            if (first != null) {
                ctx.error(row.line(), 1, "csv-duplicate-key", "'" + key + "' is mapped twice (first at line " + first + ")", "keep one row per value");
                ok = false;
                continue;
            }
            data.add(row.cells());
        }
        return ok ? new ValueMap(name, ctx.file, header.cells(), data, defaultValue) : null;
    }

    /** The records with the physical line each starts on; blank lines skipped; null when quoting is broken. */
    private static List<Row> parse(Ctx ctx) {
        var text = ctx.text;
        var rows = new ArrayList<Row>();
        var cells = new ArrayList<String>();
        var cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int line = 1;
        int rowLine = 1;
        int quoteLine = 0;
        int i = 0;
        while (i <= text.length()) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            boolean end = i == text.length();
            if (quoted) {
                if (end) {
                    ctx.error(quoteLine, 0, "csv-syntax", "a quoted cell is never closed", "close the quote with \"; write \"\" for a quote inside a cell");
                    return null;
                }
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    if (c == '\n') line++;
                    cell.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                quoteLine = line;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                cell.setLength(0);
                wasQuoted = false;
                boolean blank = cells.size() == 1 && cells.get(0).isEmpty();
                if (!blank) rows.add(new Row(rowLine, List.copyOf(cells)));
                cells.clear();
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                line++;
                rowLine = line;
                if (end) break;
            } else {
                cell.append(c);
            }
            i++;
        }
        return rows;
    }
}
