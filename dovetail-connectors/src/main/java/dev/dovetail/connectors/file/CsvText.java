package dev.dovetail.connectors.file;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV text, written and parsed. */
final class CsvText {

    private CsvText() {}

    /** The text of a CSV file: an optional header row, then the rows, each line ended. */
    static String write(List<String> columns, List<List<String>> rows, TableFormat.Csv csv) {
        var out = new StringBuilder(64 * (rows.size() + 1));
        if (csv.headerRow()) {
            line(out, columns, csv);
        }
        for (var row : rows) {
            line(out, row, csv);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, TableFormat.Csv csv) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(csv.delimiter());
            }
            var cell = cells.get(i) == null ? "" : cells.get(i);
            field(out, csv.escapeFormulas() ? FormulaGuard.escape(cell) : cell, csv.delimiter());
        }
        out.append(csv.lineEnding());
    }

    private static void field(StringBuilder out, String cell, char delimiter) {
        var quote = false;
        for (int i = 0; i < cell.length() && !quote; i++) {
            var c = cell.charAt(i);
            quote = c == delimiter || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.append(cell);
            return;
        }
        out.append('"');
        for (int i = 0; i < cell.length(); i++) {
            var c = cell.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    /**
     * Parses CSV text (any of CRLF, LF, CR line ends) into a table. With a header row the first record names
     * the columns; without one, {@code columns} does. Records with only empty cells are skipped.
     *
     * @throws MalformedFile listing every problem with its line
     */
    static Table read(String text, TableFormat.Csv csv, List<String> columns) throws MalformedFile {
        var records = parse(text, csv.delimiter());
        var problems = new ArrayList<String>();
        List<String> names;
        var first = 0;
        if (csv.headerRow()) {
            if (records.isEmpty()) {
                throw new MalformedFile("line 1: the file is empty; a header row was expected");
            }
            var header = records.getFirst();
            names = new ArrayList<>();
            for (int i = 0; i < header.cells().size(); i++) {
                var name = header.cells().get(i).strip();
                if (name.isEmpty()) {
                    problems.add("line " + header.line() + ": column " + (i + 1) + " of the header row has no name");
                } else if (names.contains(name)) {
                    problems.add("line " + header.line() + ": column '" + name + "' appears twice in the header row");
                }
                names.add(name);
            }
            first = 1;
        } else {
            names = columns;
        }
        var rows = new ArrayList<List<String>>();
        var lines = new ArrayList<Integer>();
        for (int r = first; r < records.size(); r++) {
            var record = records.get(r);
            if (record.cells().stream().allMatch(String::isEmpty)) {
                continue;
            }
            if (record.cells().size() != names.size()) {
                problems.add("line " + record.line() + ": " + record.cells().size() + " cells, but there are "
                        + names.size() + " columns");
                continue;
            }
            rows.add(csv.escapeFormulas() ? record.cells().stream().map(FormulaGuard::unescape).toList() : record.cells());
            lines.add(record.line());
        }
        if (!problems.isEmpty()) {
            throw new MalformedFile(problems);
        }
        return new Table(names, rows, lines);
    }

    record Record(int line, List<String> cells) {}

    /** Splits text into records; a quoted field may span lines. */
    static List<Record> parse(String text, char delimiter) throws MalformedFile {
        var records = new ArrayList<Record>();
        var cells = new ArrayList<String>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var n = text.length();
        var atRecordStart = true;
        while (i < n) {
            var c = text.charAt(i);
            if (c == '"' && cell.isEmpty()) {
                // a quoted field: up to the quote not followed by another quote
                var openedAt = line;
                i++;
                var closed = false;
                while (i < n) {
                    var q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    if (q == '\n' || (q == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
                        line++;
                    }
                    cell.append(q);
                    i++;
                }
                if (!closed) {
                    throw new MalformedFile("line " + openedAt + ": a quoted field is never closed");
                }
                if (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                    throw new MalformedFile("line " + line + ": '" + text.charAt(i) + "' after the closing quote of a field");
                }
                atRecordStart = false;
                if (cell.isEmpty()) {
                    cell.append(""); // a quoted empty field is still a field
                }
                continue;
            }
            if (c == delimiter) {
                cells.add(cell.toString());
                cell.setLength(0);
                atRecordStart = false;
                i++;
                continue;
            }
            if (c == '\r' || c == '\n') {
                i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                cells.add(cell.toString());
                cell.setLength(0);
                records.add(new Record(recordLine, List.copyOf(cells)));
                cells.clear();
                line++;
                recordLine = line;
                atRecordStart = true;
                continue;
            }
            cell.append(c);
            atRecordStart = false;
            i++;
        }
        if (!atRecordStart) {
            cells.add(cell.toString());
            records.add(new Record(recordLine, List.copyOf(cells)));
        }
        return records;
    }
}
