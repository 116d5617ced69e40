package dev.dovetail.sandbox.wms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderFileTest {

    @Test
    void rows_of_one_order_become_one_order_with_its_lines_whatever_the_column_order() {
        var result = OrderFile.read("""
                SKU,Qty,orderNo,address,customerCode,remark\r
                WL1001,3,XS1,"杭州, 西湖区",C00001,ignored\r
                WL1002,1,XS1,"杭州, 西湖区",C00001,\r
                WL1003,2,XS2,上海,C00002,\r
                """);

        assertThat(result).isInstanceOfSatisfying(OrderFile.Result.Orders.class, orders -> {
            assertThat(orders.orders()).hasSize(2);
            var first = orders.orders().getFirst();
            assertThat(first.orderNo()).isEqualTo("XS1");
            assertThat(first.address()).isEqualTo("杭州, 西湖区");
            assertThat(first.lines()).containsExactly(new ShipmentOrder.Line("WL1001", 3),
                    new ShipmentOrder.Line("WL1002", 1));
        });
    }

    @Test
    void rows_of_one_order_that_disagree_on_the_address_reject_the_file() {
        var result = OrderFile.read("orderNo,customerCode,sku,qty,address\nXS1,C1,A,1,here\nXS1,C1,B,1,there\n");

        assertThat(result).isEqualTo(new OrderFile.Result.Rejected(List.of(
                "line 3: order XS1 has another customerCode, address or shipDate than on its first line")));
    }

    @Test
    void a_row_with_more_fields_than_the_header_is_reported_with_its_line() {
        var result = OrderFile.read("orderNo,customerCode,sku,qty,address\nXS1,C1,A,1,here,extra\n");

        assertThat(result).isEqualTo(new OrderFile.Result.Rejected(List.of("line 2: has 6 fields, the header has 5")));
    }

    @Test
    void an_unclosed_quote_is_reported_on_the_line_it_opens() {
        var result = OrderFile.read("orderNo,customerCode,sku,qty,address\nXS1,C1,A,1,\"here\n");

        assertThat(result).isEqualTo(new OrderFile.Result.Rejected(List.of("line 2: a quoted field is not closed")));
    }

    @Test
    void quoted_line_breaks_and_doubled_quotes_survive_and_later_line_numbers_stay_right() throws Exception {
        var rows = CsvText.parse("a,\"x\r\ny \"\"q\"\"\"\r\nb,c\r\n");

        assertThat(rows).containsExactly(new CsvText.Row(1, List.of("a", "x\r\ny \"q\"")),
                new CsvText.Row(3, List.of("b", "c")));
    }

    @Test
    void written_csv_reads_back_the_same() throws Exception {
        List<List<String>> rows = List.of(List.of("a,b", "say \"hi\"", "二\n行"), List.of("", "x", "y"));

        var parsed = CsvText.parse(CsvText.write(rows));

        assertThat(parsed.stream().map(CsvText.Row::cells).toList()).isEqualTo(rows);
    }

    @Test
    void a_utf8_bom_is_honoured_even_when_the_wms_expects_gbk() throws Exception {
        byte[] utf8 = FileCharset.UTF_8_BOM.encode("客户");

        assertThat(FileCharset.GBK.decode(utf8)).isEqualTo("客户");
        assertThat(FileCharset.GBK.decode("客户".getBytes(Charset.forName("GBK")))).isEqualTo("客户");
    }

    @Test
    void bytes_that_are_not_utf8_are_an_error_not_replacement_characters() {
        byte[] gbk = "客户".getBytes(Charset.forName("GBK"));

        assertThatThrownBy(() -> FileCharset.UTF_8_BOM.decode(gbk)).isInstanceOf(CharacterCodingException.class);
        assertThat(new String(FileCharset.UTF_8_BOM.encode("x"), StandardCharsets.ISO_8859_1)).isEqualTo("\u00EF\u00BB\u00BFx");
    }

    @Test
    void only_gbk_and_utf8_with_bom_are_accepted_as_charset_options() {
        assertThat(FileCharset.of("gbk")).isEqualTo(FileCharset.GBK);
        assertThat(FileCharset.of("UTF-8-BOM")).isEqualTo(FileCharset.UTF_8_BOM);
        assertThatThrownBy(() -> FileCharset.of("UTF-8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void temporary_names_are_recognised() {
        assertThat(WmsFolders.isInProgress(".orders.csv")).isTrue();
        assertThat(WmsFolders.isInProgress("orders.csv.TMP")).isTrue();
        assertThat(WmsFolders.isInProgress("orders.csv")).isFalse();
    }
}
