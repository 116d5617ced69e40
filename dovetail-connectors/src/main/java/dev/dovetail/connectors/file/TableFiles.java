package dev.dovetail.connectors.file;

import java.util.ArrayList;

/** Reads a file's bytes as the table its event is configured for. */
final class TableFiles {

    private TableFiles() {}

    static Table read(byte[] bytes, FileReadOptions options) throws MalformedFile {
        var table = switch (options.format()) {
            case TableFormat.Csv csv -> {
                String text;
                try {
                    text = csv.charset().decode(bytes);
                } catch (FileCharset.UndecodableText e) {
                    throw new MalformedFile(e.getMessage());
                }
                yield CsvText.read(text, csv, options.columns());
            }
            case TableFormat.Xlsx xlsx -> XlsxBook.read(bytes, xlsx, options.maxRows());
        };
        var problems = new ArrayList<String>();
        var missing = options.required().stream().filter(column -> !table.columns().contains(column)).toList();
        if (!missing.isEmpty()) {
            problems.add("line 1: required column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " missing (the header has " + String.join(", ", table.columns()) + ")");
        }
        if (table.rows().size() > options.maxRows()) {
            problems.add("line " + table.lines().get(options.maxRows()) + ": more than maxRows (" + options.maxRows() + ") rows");
        }
        if (!problems.isEmpty()) {
            throw new MalformedFile(problems);
        }
        return table;
    }
}
