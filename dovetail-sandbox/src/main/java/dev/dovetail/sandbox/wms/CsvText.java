package dev.dovetail.sandbox.wms;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (a quote inside is doubled,
 * quoted fields may hold commas and line breaks), lines end with CRLF, LF or CR. Written with CRLF,
 * as Windows-era WMS software does.
 */
final class CsvText {

    private CsvText() {}

    /** A record and the line it starts on (1-based). */
    record Row(int line, List<String> cells) {
        Row {
            cells = List.copyOf(cells);
        }

        boolean isBlank() {
            return cells.size() == 1 && cells.getFirst().isBlank();
        }
    }

    /** Text that is not CSV (an unterminated quote or a stray one). */
    static final class Malformed extends Exception {
        final int line;

        Malformed(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    static List<Row> parse(String text) throws Malformed {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int rowStart = 1;
        int i = 0;
        int n = text.length();
        boolean cellStarted = false;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' && cell.isEmpty() && !cellStarted) {
                int quoteLine = line;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new Malformed(quoteLine, "a quoted field is not closed");
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (q == '\n' || (q == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
                        line++;
                    }
                    cell.append(q);
                    i++;
                }
                cellStarted = true;
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                    throw new Malformed(line, "unexpected text after a closing quote");
                }
                continue;
            }
            if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                cellStarted = false;
                i++;
            } else if (c == '\r' || c == '\n') {
                cells.add(cell.toString());
                rows.add(new Row(rowStart, cells));
                cells = new ArrayList<>();
                cell.setLength(0);
                cellStarted = false;
                i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
                line++;
                rowStart = line;
            } else if (c == '"') {
                throw new Malformed(line, "a quote inside an unquoted field (quote the whole field and double the quote)");
            } else {
                cell.append(c);
                cellStarted = true;
                i++;
            }
        }
        if (cellStarted || !cells.isEmpty()) {
            cells.add(cell.toString());
            rows.add(new Row(rowStart, cells));
        }
        return rows;
    }

    /** CSV text of rows, each line ending in CRLF; fields are quoted only when they need it. */
    static String write(List<? extends List<String>> rows) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quoteIfNeeded(row.get(i) == null ? "" : row.get(i)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String quoteIfNeeded(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
