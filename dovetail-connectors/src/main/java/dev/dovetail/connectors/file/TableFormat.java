package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

/** How rows are laid out in a file: CSV text or an Excel workbook. */
public sealed interface TableFormat {

    /**
     * RFC 4180 CSV: fields separated by {@code delimiter}, a field with the delimiter, {@code "}, CR or LF in
     * double quotes with {@code "} doubled.
     *
     * @param charset the encoding
     * @param delimiter the field separator, {@code ,} by default
     * @param headerRow whether the first row names the columns (default true)
     * @param escapeFormulas whether cells that a spreadsheet would run as a formula are written with a
     *     leading {@code '} and read back without it (default true; see the connector docs)
     * @param lineEnding {@code \r\n} (RFC 4180, default) or {@code \n}; any line ending is read
     */
    record Csv(FileCharset charset, char delimiter, boolean headerRow, boolean escapeFormulas, String lineEnding)
            implements TableFormat {
        public Csv {
            requireNonNull(charset, "charset");
            requireNonNull(lineEnding, "lineEnding");
            if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
                throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
            }
            if (!lineEnding.equals("\r\n") && !lineEnding.equals("\n")) {
                throw new IllegalArgumentException("the line ending is \\r\\n or \\n");
            }
        }

        /** Comma-separated, header row, formulas escaped, CRLF, in the given charset. */
        public static Csv defaults(FileCharset charset) {
            return new Csv(charset, ',', true, true, "\r\n");
        }
    }

    /**
     * An Office Open XML workbook ({@code .xlsx}). Every cell is written typed as a string, so nothing in it
     * is a formula; reading takes the first row as the column names.
     *
     * @param sheet the sheet written, or read; {@code null} reads the first sheet and writes {@code Sheet1}
     */
    record Xlsx(String sheet) implements TableFormat {
        public Xlsx {
            if (sheet != null && (sheet.isBlank() || sheet.length() > 31 || sheet.matches(".*[\\[\\]:*?/\\\\].*"))) {
                throw new IllegalArgumentException("sheet name '" + sheet + "' is not allowed in Excel (1 to 31 characters, none of []:*?/\\)");
            }
        }
    }
}
