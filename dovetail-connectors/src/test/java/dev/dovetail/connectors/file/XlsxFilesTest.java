package dev.dovetail.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** .xlsx workbooks written with string-typed cells and read back. */
class XlsxFilesTest {

    @Test
    void a_workbook_round_trips_text_numbers_and_chinese() throws Exception {
        var rows = List.of(List.of("XS00001001", "上海浦江机电设备有限公司", "3", "-1.5"), List.of("XS00001002", "", "12", "0"));
        var bytes = XlsxBook.write(List.of("orderNo", "customer", "qty", "amount"), rows, new TableFormat.Xlsx(null));

        var table = XlsxBook.read(bytes, new TableFormat.Xlsx(null), 100);
        assertThat(table.columns()).containsExactly("orderNo", "customer", "qty", "amount");
        assertThat(table.rows()).containsExactlyElementsOf(rows);
        assertThat(table.lines()).containsExactly(2, 3);
    }

    @Test
    void every_cell_is_typed_as_a_string_so_no_formula_is_stored() throws Exception {
        var bytes = XlsxBook.write(List.of("value"), CsvFilesTest.HOSTILE_CELLS.stream()
                .filter(cell -> cell.indexOf('\0') < 0) // XML 1.0 cannot hold NUL at all
                .map(List::of).toList(), new TableFormat.Xlsx("Orders"));

        var sheet = entry(bytes, "xl/worksheets/sheet1.xml");
        assertThat(sheet).doesNotContain("<f>").doesNotContain("<f ");
        assertThat(sheet).contains("t=\"s\"");
        var table = XlsxBook.read(bytes, new TableFormat.Xlsx("Orders"), 100);
        assertThat(table.rows()).extracting(List::getFirst).contains("=1+1", "@SUM(1+1)*cmd|' /C calc'!A0", "'=1+1");
    }

    @Test
    void a_file_that_is_not_a_workbook_is_refused_with_a_reason() {
        assertThatThrownBy(() -> XlsxBook.read("a,b\r\n".getBytes(StandardCharsets.UTF_8), new TableFormat.Xlsx(null), 10))
                .hasMessage("line 1: not an .xlsx workbook");
        var ole2 = new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        assertThatThrownBy(() -> XlsxBook.read(ole2, new TableFormat.Xlsx(null), 10)).hasMessageContaining(".xls");
    }

    @Test
    void a_missing_sheet_and_too_many_rows_are_refused() {
        var rows = new ArrayList<List<String>>();
        for (int i = 0; i < 5; i++) {
            rows.add(List.of("r" + i));
        }
        var bytes = XlsxBook.write(List.of("v"), rows, new TableFormat.Xlsx(null));

        assertThatThrownBy(() -> XlsxBook.read(bytes, new TableFormat.Xlsx("Other"), 10)).hasMessageContaining("no sheet named 'Other'");
        assertThatThrownBy(() -> XlsxBook.read(bytes, new TableFormat.Xlsx(null), 3)).hasMessage("line 5: more than 3 rows");
    }

    private static String entry(byte[] zip, String name) throws Exception {
        var file = java.nio.file.Files.createTempFile("workbook", ".xlsx");
        try {
            java.nio.file.Files.write(file, zip);
            try (var workbook = new java.util.zip.ZipFile(file.toFile())) {
                var entry = workbook.getEntry(name);
                assertThat(entry).as(name + " in the workbook").isNotNull();
                return new String(workbook.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
