package dev.dovetail.connectors.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/**
 * Excel workbooks ({@code .xlsx}) through fastexcel: written with every cell typed as a string, read with the
 * first row as the column names. fastexcel's reader parses the workbook's XML with DTDs and external entities
 * switched off.
 */
final class XlsxBook {

    private static final String DEFAULT_SHEET = "Sheet1";
    private static final int[] DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47};
    private static final Pattern DATE_FORMAT = Pattern.compile("(?i).*(y{2}|d{1,2}|h{1,2}).*");

    private XlsxBook() {}

    static byte[] write(List<String> columns, List<List<String>> rows, TableFormat.Xlsx xlsx) {
        var out = new ByteArrayOutputStream();
        try (var workbook = new Workbook(out, "Dovetail", "1.0")) {
            var sheet = workbook.newWorksheet(xlsx.sheet() == null ? DEFAULT_SHEET : xlsx.sheet());
            for (int c = 0; c < columns.size(); c++) {
                sheet.value(0, c, columns.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                var row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    var value = row.get(c);
                    if (value != null && !value.isEmpty()) {
                        sheet.value(r + 1, c, value); // a string cell: a spreadsheet never evaluates it
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a workbook to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads the configured sheet (or the first). Numbers come back as plain decimal text, date-formatted cells
     * as {@code yyyy-MM-dd} or {@code yyyy-MM-dd HH:mm:ss}, formulas as their last computed value.
     *
     * @param maxRows the most data rows accepted, a bound against a small file that unpacks into a huge sheet
     */
    static Table read(byte[] bytes, TableFormat.Xlsx xlsx, int maxRows) throws MalformedFile {
        if (bytes.length < 8 || !ReadableWorkbook.isOOXMLZipHeader(bytes)) {
            throw new MalformedFile(bytes.length >= 8 && ReadableWorkbook.isOLE2Header(bytes)
                    ? "line 1: this is an old binary Excel file (.xls); save it as .xlsx"
                    : "line 1: not an .xlsx workbook");
        }
        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(bytes), new ReadingOptions(true, false))) {
            var sheet = xlsx.sheet() == null ? workbook.getFirstSheet()
                    : workbook.findSheet(xlsx.sheet()).orElseThrow(() -> new MalformedFile("line 1: the workbook has no sheet named '" + xlsx.sheet() + "'"));
            try (var stream = sheet.openStream()) {
                return table(stream.iterator(), maxRows);
            }
        } catch (IOException | ExcelReaderException | UncheckedIOException e) {
            throw new MalformedFile("line 1: the workbook cannot be read: " + e.getMessage());
        }
    }

    private static Table table(java.util.Iterator<Row> iterator, int maxRows) throws MalformedFile {
        var problems = new ArrayList<String>();
        List<String> columns = null;
        var rows = new ArrayList<List<String>>();
        var lines = new ArrayList<Integer>();
        while (iterator.hasNext()) {
            var row = iterator.next();
            var number = row.getRowNum();
            var cells = new ArrayList<String>();
            for (int c = 0; c < row.getCellCount(); c++) {
                cells.add(text(row.getCell(c), number, problems));
            }
            if (columns == null) {
                if (cells.stream().allMatch(String::isEmpty)) {
                    continue; // leading empty rows
                }
                while (!cells.isEmpty() && cells.getLast().isEmpty()) {
                    cells.removeLast();
                }
                columns = header(cells, number, problems);
                continue;
            }
            if (cells.stream().allMatch(String::isEmpty)) {
                continue;
            }
            for (int c = columns.size(); c < cells.size(); c++) {
                if (!cells.get(c).isEmpty()) {
                    problems.add("line " + number + ": a value in column " + (c + 1) + ", which has no header");
                }
            }
            while (cells.size() < columns.size()) {
                cells.add("");
            }
            rows.add(List.copyOf(cells.subList(0, columns.size())));
            lines.add(number);
            if (rows.size() > maxRows) {
                throw new MalformedFile("line " + number + ": more than " + maxRows + " rows");
            }
        }
        if (columns == null) {
            throw new MalformedFile("line 1: the sheet is empty; a header row was expected");
        }
        if (!problems.isEmpty()) {
            throw new MalformedFile(problems);
        }
        return new Table(columns, rows, lines);
    }

    private static List<String> header(List<String> cells, int number, List<String> problems) {
        var names = new ArrayList<String>();
        for (int i = 0; i < cells.size(); i++) {
            var name = cells.get(i).strip();
            if (name.isEmpty()) {
                problems.add("line " + number + ": column " + (i + 1) + " of the header row has no name");
            } else if (names.contains(name)) {
                problems.add("line " + number + ": column '" + name + "' appears twice in the header row");
            }
            names.add(name);
        }
        return names;
    }

    private static String text(Cell cell, int row, List<String> problems) {
        if (cell == null) {
            return "";
        }
        return switch (cell.getType()) {
            case EMPTY -> "";
            case STRING -> cell.asString();
            case BOOLEAN -> String.valueOf(cell.asBoolean());
            case NUMBER -> isDate(cell) ? date(cell.asDate()) : plain(cell.asNumber());
            case FORMULA -> {
                var raw = cell.getRawValue();
                yield raw == null ? "" : raw;
            }
            case ERROR -> {
                problems.add("line " + row + ": cell " + cell.getAddress() + " holds the error " + cell.getRawValue());
                yield "";
            }
        };
    }

    private static boolean isDate(Cell cell) {
        var id = cell.getDataFormatId();
        if (id != null) {
            for (var dateId : DATE_FORMAT_IDS) {
                if (id == dateId) {
                    return true;
                }
            }
        }
        var format = cell.getDataFormatString();
        if (format == null) {
            return false;
        }
        // ignore quoted text and [colour]/[locale] sections before looking for date parts
        var bare = format.replaceAll("\"[^\"]*\"", "").replaceAll("\\[[^]]*]", "");
        return DATE_FORMAT.matcher(bare).matches();
    }

    private static String date(LocalDateTime value) {
        return value.toLocalTime().equals(LocalTime.MIDNIGHT)
                ? value.toLocalDate().toString()
                : value.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    static String plain(BigDecimal number) {
        var stripped = number.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
