package dev.dovetail.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.RequestBody;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing files into a local folder: content, names, atomicity and idempotency. */
class FileInvokerTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final List<Object> ORDER = List.of(
            row("orderNo", "XS00001001", "customerCode", "C00003", "sku", "WL1001", "qty", 3),
            row("orderNo", "XS00001001", "customerCode", "C00003", "sku", "WL1005", "qty", 2.0));

    @TempDir
    Path root;

    private FileInvoker invoker(FileWriteOptions write) {
        var config = LocalFiles.wms(root, write, LocalFiles.confirmations(TableFormat.Csv.defaults(FileCharset.UTF_8), null));
        return new FileInvoker(config, new LocalFileStore(root), Clock.fixed(Instant.parse("2026-11-02T02:15:00Z"), ZoneOffset.UTC));
    }

    private static OperationCall write(Object body) {
        return OperationCall.of("wms", "writeShipmentOrder").withJsonBody(body);
    }

    @Test
    void rows_are_written_as_a_gbk_csv_named_from_the_message() throws Exception {
        var gbk = TableFormat.Csv.defaults(FileCharset.of("GBK"));
        var outcome = invoker(LocalFiles.shipmentOrders(gbk)).invoke(write(List.of(
                row("orderNo", "XS00001002", "customerName", "杭州西湖茶业有限公司", "qty", 6))));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> assertThat(d.response())
                .isEqualTo(Map.of("file", "inbox/XS00001002.csv", "rows", 1, "bytes", 61, "alreadyWritten", false)));
        assertThat(Files.readString(root.resolve("inbox/XS00001002.csv"), GBK)).isEqualTo("orderNo,customerName,qty\r\n"
                + "XS00001002,杭州西湖茶业有限公司,6\r\n");
    }

    @Test
    void the_header_follows_the_configured_columns_and_whole_doubles_lose_their_fraction() throws Exception {
        var options = new FileWriteOptions("inbox", "{orderNo}.csv", TableFormat.Csv.defaults(FileCharset.UTF_8_BOM),
                List.of("orderNo", "sku", "qty", "address"), FileWriteOptions.IfExists.OVERWRITE);
        invoker(options).invoke(write(Map.of("rows", ORDER)));

        var bytes = Files.readAllBytes(root.resolve("inbox/XS00001001.csv"));
        assertThat(new String(bytes, 3, bytes.length - 3, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("orderNo,sku,qty,address\r\nXS00001001,WL1001,3,\r\nXS00001001,WL1005,2,\r\n");
    }

    @Test
    void an_xlsx_operation_writes_a_workbook_that_reads_back_the_same_rows() throws Exception {
        invoker(LocalFiles.shipmentOrders(new TableFormat.Xlsx(null))).invoke(write(Map.of("rows", ORDER)));

        var table = XlsxBook.read(Files.readAllBytes(root.resolve("inbox/XS00001001.xlsx")), new TableFormat.Xlsx(null), 10);
        assertThat(table.columns()).containsExactly("orderNo", "customerCode", "sku", "qty");
        assertThat(table.rows()).hasSize(2);
    }

    @Test
    void a_file_name_value_with_a_folder_separator_is_rejected_and_nothing_is_written() throws Exception {
        var outcome = invoker(LocalFiles.shipmentOrders(TableFormat.Csv.defaults(FileCharset.UTF_8)))
                .invoke(write(List.of(Map.of("orderNo", "../../etc/cron.d/x", "qty", 1))));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("{orderNo}").contains("'/'"));
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void a_name_that_readers_would_skip_or_a_missing_placeholder_is_rejected() {
        var invoker = invoker(LocalFiles.shipmentOrders(TableFormat.Csv.defaults(FileCharset.UTF_8)));

        assertThat(invoker.invoke(write(List.of(Map.of("orderNo", ".hidden"))))).isInstanceOf(DeliveryOutcome.Rejected.class);
        assertThat(invoker.invoke(write(List.of(Map.of("sku", "WL1"))))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("{orderNo} has no value"));
    }

    @Test
    void text_that_gbk_cannot_hold_is_rejected_naming_row_and_column() {
        var outcome = invoker(LocalFiles.shipmentOrders(TableFormat.Csv.defaults(FileCharset.of("GBK"))))
                .invoke(write(List.of(Map.of("orderNo", "XS1", "note", "ok"), Map.of("orderNo", "XS1", "note", "🚚"))));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("row 2, column 'note' has '🚚' (U+1F69A), which GBK cannot hold"));
    }

    @Test
    void a_body_that_is_not_rows_is_rejected() {
        var invoker = invoker(LocalFiles.shipmentOrders(TableFormat.Csv.defaults(FileCharset.UTF_8)));

        assertThat(invoker.invoke(write("text"))).isInstanceOf(DeliveryOutcome.Rejected.class);
        assertThat(invoker.invoke(write(List.of(Map.of("orderNo", "XS1", "lines", List.of(1, 2))))))
                .isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.reason()).contains("column 'lines' holds a list"));
        assertThat(invoker.invoke(OperationCall.of("wms", "writeShipmentOrder"))).isInstanceOf(DeliveryOutcome.Rejected.class);
        assertThat(invoker.invoke(OperationCall.of("wms", "nope").withJsonBody(List.of()))).isInstanceOf(DeliveryOutcome.Rejected.class);
    }

    @Test
    void raw_bytes_are_written_unchanged() throws Exception {
        var options = new FileWriteOptions("inbox", "{orderNo}.csv", TableFormat.Csv.defaults(FileCharset.UTF_8), List.of(), null);
        invoker(options).invoke(OperationCall.of("wms", "writeShipmentOrder").withPathParam("orderNo", "XS9")
                .withBody(RequestBody.raw(new byte[] {1, 2, 3}, "text/csv")));

        assertThat(Files.readAllBytes(root.resolve("inbox/XS9.csv"))).containsExactly(1, 2, 3);
    }

    @Test
    void the_same_delivery_twice_leaves_one_file_even_after_the_target_took_it_away() throws Exception {
        var invoker = invoker(LocalFiles.shipmentOrders(TableFormat.Csv.defaults(FileCharset.UTF_8)));
        var call = write(Map.of("rows", ORDER)).withIdempotencyKey("order-relay:XS00001001:wms.writeShipmentOrder");

        assertThat(invoker.invoke(call)).isInstanceOf(DeliveryOutcome.Delivered.class);
        // the WMS takes the file
        Files.createDirectories(root.resolve("inbox/processed"));
        Files.move(root.resolve("inbox/XS00001001.csv"), root.resolve("inbox/processed/XS00001001.csv"));

        var again = invoker.invoke(call);
        assertThat(again).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                d -> assertThat(d.response()).extracting("alreadyWritten", "file").containsExactly(true, "inbox/XS00001001.csv"));
        assertThat(filesUnder(root.resolve("inbox"))).containsExactly("processed/XS00001001.csv");
    }

    @Test
    void a_delivery_that_stopped_after_its_marker_is_finished_by_the_retry() throws Exception {
        var store = new CrashingStore(new LocalFileStore(root));
        var config = LocalFiles.wms(root, LocalFiles.shipmentOrders(TableFormat.Csv.defaults(FileCharset.UTF_8)),
                LocalFiles.confirmations(TableFormat.Csv.defaults(FileCharset.UTF_8), null));
        var call = write(Map.of("rows", ORDER)).withIdempotencyKey("k-1");
        store.failRenamesInto("inbox/XS00001001.csv");

        assertThat(new FileInvoker(config, store).invoke(call)).isInstanceOf(DeliveryOutcome.RetryLater.class);
        assertThat(filesUnder(root.resolve("inbox"))).as("only the hidden temporary file").allMatch(name -> name.startsWith("."));

        store.failRenamesInto(null);
        var retried = new FileInvoker(config, store).invoke(call); // a new invoker: as after a restart
        assertThat(retried).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                d -> assertThat(d.response()).extracting("alreadyWritten").isEqualTo(true));
        assertThat(filesUnder(root.resolve("inbox"))).containsExactly("XS00001001.csv");
        assertThat(Files.readString(root.resolve("inbox/XS00001001.csv"))).isEqualTo("orderNo,customerCode,sku,qty\r\n"
                + "XS00001001,C00003,WL1001,3\r\nXS00001001,C00003,WL1005,2\r\n");
    }

    @Test
    void different_deliveries_to_the_same_name_replace_the_file_unless_if_exists_is_fail() throws Exception {
        var overwrite = invoker(LocalFiles.shipmentOrders(TableFormat.Csv.defaults(FileCharset.UTF_8)));
        overwrite.invoke(write(List.of(row("orderNo", "XS1", "qty", 1))).withIdempotencyKey("a"));
        overwrite.invoke(write(List.of(row("orderNo", "XS1", "qty", 2))).withIdempotencyKey("b"));
        assertThat(Files.readString(root.resolve("inbox/XS1.csv"))).endsWith("XS1,2\r\n");

        var strict = invoker(new FileWriteOptions("inbox", "{orderNo}.csv", TableFormat.Csv.defaults(FileCharset.UTF_8), List.of(),
                FileWriteOptions.IfExists.FAIL));
        var outcome = strict.invoke(write(List.of(Map.of("orderNo", "XS1", "qty", 3))).withIdempotencyKey("c"));
        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("inbox/XS1.csv already exists"));
        assertThat(Files.readString(root.resolve("inbox/XS1.csv"))).endsWith("XS1,2\r\n");
        assertThat(strict.invoke(write(List.of(Map.of("orderNo", "XS1", "qty", 3))).withIdempotencyKey("c")))
                .as("no marker was left for the rejected attempt").isInstanceOf(DeliveryOutcome.Rejected.class);
    }

    @Test
    void built_in_placeholders_give_unique_names() throws Exception {
        var options = new FileWriteOptions("", "orders-{timestamp}-{idempotencyKey}.csv", TableFormat.Csv.defaults(FileCharset.UTF_8),
                List.of(), null);
        var outcome = invoker(options).invoke(write(List.of(Map.of("orderNo", "XS1"))).withIdempotencyKey("flow:XS1/2"));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> assertThat(d.response())
                .extracting("file").isEqualTo("orders-20261102021500000-flow_XS1_2.csv"));
    }

    /** A row with its keys in the order given. */
    static Map<String, Object> row(Object... keysAndValues) {
        var row = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !dir.relativize(p).toString().startsWith(".dovetail"))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
