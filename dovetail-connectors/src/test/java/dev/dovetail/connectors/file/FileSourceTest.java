package dev.dovetail.connectors.file;

import static dev.dovetail.connectors.file.FileInvokerTest.filesUnder;
import static dev.dovetail.connectors.file.FileInvokerTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files from a local folder: records, idempotent pickup, move-after-read, refusal. */
class FileSourceTest {

    private static final String CONFIRMATION = "orderNo,shippedAt,trackingNo,carrier,status\r\n"
            + "XS00001001,2026-11-02 10:15:02,ZTO880000000001,ZTO,SHIPPED\r\n"
            + "XS00001002,2026-11-02 10:15:02,SF880000000002,SF,SHIPPED\r\n";
    private static final TableFormat.Csv UTF8 = TableFormat.Csv.defaults(FileCharset.UTF_8);

    @TempDir
    Path root;

    private FileSource source(FileReadOptions options) {
        return new FileSource("wms", "shipment-confirmed", options, new LocalFileStore(root));
    }

    private FileSource source() {
        return source(LocalFiles.confirmations(UTF8, FileReadOptions.ReadLock.NONE));
    }

    private void outbox(String name, byte[] content) throws Exception {
        Files.createDirectories(root.resolve("outbox"));
        Files.write(root.resolve("outbox").resolve(name), content);
    }

    @Test
    void each_row_becomes_a_record_keyed_by_the_header_with_its_line() throws Exception {
        outbox("shipment-20261102101502-1.csv", FileCharset.UTF_8_BOM.encode(CONFIRMATION));

        var picked = source().poll();

        assertThat(picked).singleElement().isInstanceOfSatisfying(FileBatch.class, batch -> {
            assertThat(batch.file().name()).isEqualTo("shipment-20261102101502-1.csv");
            assertThat(batch.records()).extracting(FileRecord::line).containsExactly(2, 3);
            assertThat(batch.records().getFirst().values()).containsExactly(
                    Map.entry("orderNo", "XS00001001"), Map.entry("shippedAt", "2026-11-02 10:15:02"),
                    Map.entry("trackingNo", "ZTO880000000001"), Map.entry("carrier", "ZTO"), Map.entry("status", "SHIPPED"));
            assertThat(batch.events()).extracting(FileEvent::dedupKey)
                    .containsExactly(batch.fileKey() + "#2", batch.fileKey() + "#3");
            assertThat(batch.fileKey()).startsWith("shipment-20261102101502-1.csv@").hasSize("shipment-20261102101502-1.csv@".length() + 32);
        });
    }

    @Test
    void a_file_read_before_a_crash_gives_the_same_keys_when_read_again_and_is_moved_once_acknowledged() throws Exception {
        outbox("shipment-1.csv", CONFIRMATION.getBytes(StandardCharsets.UTF_8));
        var beforeCrash = (FileBatch) source().poll().getFirst();
        // the process dies after the journal commit, before acknowledging: the file is still there

        var restarted = source();
        var again = (FileBatch) restarted.poll().getFirst();

        assertThat(again.fileKey()).isEqualTo(beforeCrash.fileKey());
        assertThat(again.events()).isEqualTo(beforeCrash.events());
        restarted.acknowledge(again);
        assertThat(filesUnder(root.resolve("outbox"))).containsExactly("processed/shipment-1.csv");
        assertThat(restarted.poll()).isEmpty();
        restarted.acknowledge(beforeCrash); // a late acknowledgement of a file already moved is harmless
        assertThat(filesUnder(root.resolve("outbox"))).containsExactly("processed/shipment-1.csv");
    }

    @Test
    void a_malformed_file_goes_to_the_error_folder_with_its_reasons_and_gives_no_records() throws Exception {
        outbox("shipment-bad.csv", ("orderNo,status\r\nXS1,SHIPPED\r\nXS2\r\n\"XS3,SHIPPED\r\n").getBytes(StandardCharsets.UTF_8));
        outbox("shipment-good.csv", CONFIRMATION.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(root.resolve("outbox/shipment-bad.csv"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        var picked = source().poll();

        assertThat(picked).hasSize(2);
        assertThat(picked.getFirst()).isInstanceOfSatisfying(RefusedFile.class, refused -> {
            assertThat(refused.problems()).containsExactly("line 4: a quoted field is never closed");
            assertThat(refused.movedTo()).isEqualTo("outbox/error/shipment-bad.csv");
        });
        assertThat(picked.get(1)).isInstanceOf(FileBatch.class);
        assertThat(filesUnder(root.resolve("outbox/error"))).containsExactly("shipment-bad.csv", "shipment-bad.csv.err");
        assertThat(Files.readString(root.resolve("outbox/error/shipment-bad.csv.err"))).contains("line 4: a quoted field is never closed");
    }

    @Test
    void every_bad_row_is_listed_with_its_line_and_the_whole_file_is_refused() throws Exception {
        outbox("s.csv", "orderNo,status\r\nXS1,SHIPPED\r\nXS2\r\nXS3,SHIPPED,extra\r\n".getBytes(StandardCharsets.UTF_8));

        var picked = source().poll();

        assertThat(picked).singleElement().isInstanceOfSatisfying(RefusedFile.class, refused -> assertThat(refused.problems())
                .containsExactly("line 3: 1 cells, but there are 2 columns", "line 4: 3 cells, but there are 2 columns"));
    }

    @Test
    void bytes_invalid_in_the_charset_and_missing_required_columns_refuse_the_file() throws Exception {
        var gbk = TableFormat.Csv.defaults(FileCharset.of("GBK"));
        outbox("a.csv", "orderNo,status\r\nXS1,已发货\r\n".getBytes(StandardCharsets.UTF_8)); // UTF-8 without BOM, read as GBK
        outbox("b.csv", "order,status\r\nXS1,SHIPPED\r\n".getBytes(StandardCharsets.UTF_8));
        var options = new FileReadOptions("outbox", "*.csv", gbk, null, List.of("orderNo"), null, null, null,
                FileReadOptions.ReadLock.NONE, 1024, 10, 10, null);

        var problems = source(options).poll().stream().map(p -> ((RefusedFile) p).problems()).toList();

        assertThat(problems).anySatisfy(p -> assertThat(p).singleElement().asString().startsWith("line 2: bytes that are not valid GBK"));
        assertThat(problems).anySatisfy(p -> assertThat(p).containsExactly(
                "line 1: required column orderNo missing (the header has order, status)"));
    }

    @Test
    void an_oversized_file_is_refused_without_being_read() throws Exception {
        outbox("big.csv", new byte[2048]);
        var options = new FileReadOptions("outbox", "*.csv", UTF8, null, null, null, null, null, FileReadOptions.ReadLock.NONE, 1024,
                10, 10, null);

        assertThat(source(options).poll()).singleElement().isInstanceOfSatisfying(RefusedFile.class,
                refused -> assertThat(refused.problems().getFirst()).contains("more than maxFileSize (1024)"));
    }

    @Test
    void temporary_and_hidden_names_folders_and_other_patterns_are_not_taken() throws Exception {
        outbox(".shipment-1.csv.tmp", CONFIRMATION.getBytes(StandardCharsets.UTF_8));
        outbox(".hidden.csv", CONFIRMATION.getBytes(StandardCharsets.UTF_8));
        outbox("shipment-2.csv.tmp", CONFIRMATION.getBytes(StandardCharsets.UTF_8));
        outbox("stock-1.csv", "sku,qty\r\nWL1,1\r\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(root.resolve("outbox/shipment-folder.csv"));
        var options = new FileReadOptions("outbox", "shipment-*.csv", UTF8, null, null, null, null, null,
                FileReadOptions.ReadLock.NONE, 1024, 10, 10, null);

        assertThat(source(options).poll()).isEmpty();
    }

    @Test
    void with_the_changed_read_lock_a_file_is_taken_once_it_stayed_the_same_over_a_poll() throws Exception {
        var source = source(LocalFiles.confirmations(UTF8, FileReadOptions.ReadLock.CHANGED));
        outbox("s.csv", "orderNo,status\r\nXS1,SHIPPED\r\n".getBytes(StandardCharsets.UTF_8));
        var file = root.resolve("outbox/s.csv");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-02T10:00:00Z")));

        assertThat(source.poll()).as("first sight").isEmpty();
        Files.writeString(file, "orderNo,status\r\nXS1,SHIPPED\r\nXS2,SHIPPED\r\n"); // still being written
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-02T10:00:01Z")));
        assertThat(source.poll()).as("changed since").isEmpty();
        assertThat(source.poll()).singleElement().isInstanceOfSatisfying(FileBatch.class,
                batch -> assertThat(batch.records()).hasSize(2));
    }

    @Test
    void a_whole_file_can_be_one_event() throws Exception {
        outbox("stock-1.csv", "sku,warehouse,qty\r\nWL1001,WH01,498\r\nWL1002,WH01,12\r\n".getBytes(StandardCharsets.UTF_8));
        var options = new FileReadOptions("outbox", "stock-*.csv", UTF8, null, null, null, null, FileReadOptions.AfterRead.DELETE,
                FileReadOptions.ReadLock.NONE, 1024, 10, 10, FileReadOptions.Emit.FILE);
        var source = source(options);

        var batch = (FileBatch) source.poll().getFirst();

        assertThat(batch.events()).singleElement().satisfies(event -> {
            assertThat(event.dedupKey()).isEqualTo(batch.fileKey());
            assertThat(event.payload()).isEqualTo(Map.of("file", "stock-1.csv", "rows", List.of(
                    Map.of("sku", "WL1001", "warehouse", "WH01", "qty", "498"),
                    Map.of("sku", "WL1002", "warehouse", "WH01", "qty", "12"))));
        });
        source.acknowledge(batch);
        assertThat(filesUnder(root.resolve("outbox"))).isEmpty();
    }

    @Test
    void a_name_already_in_the_processed_folder_gets_a_number() throws Exception {
        Files.createDirectories(root.resolve("outbox/processed"));
        Files.writeString(root.resolve("outbox/processed/s.csv"), "earlier");
        outbox("s.csv", CONFIRMATION.getBytes(StandardCharsets.UTF_8));
        var source = source();

        source.acknowledge((FileBatch) source.poll().getFirst());

        assertThat(filesUnder(root.resolve("outbox"))).containsExactly("processed/s-1.csv", "processed/s.csv");
    }

    @Test
    void a_file_rewritten_after_it_was_read_is_not_moved_and_comes_back_with_a_new_key() throws Exception {
        outbox("s.csv", CONFIRMATION.getBytes(StandardCharsets.UTF_8));
        var source = source();
        var first = (FileBatch) source.poll().getFirst();
        Files.writeString(root.resolve("outbox/s.csv"), "orderNo,status\r\nXS9,SHIPPED\r\n");

        source.acknowledge(first);

        var second = (FileBatch) source.poll().getFirst();
        assertThat(second.fileKey()).isNotEqualTo(first.fileKey());
        assertThat(second.records()).singleElement().extracting(r -> r.values().get("orderNo")).isEqualTo("XS9");
    }

    @Test
    void files_written_by_the_invoker_in_gbk_utf8_bom_and_xlsx_read_back_as_the_same_rows() throws Exception {
        for (var format : List.<TableFormat>of(TableFormat.Csv.defaults(FileCharset.of("GBK")),
                TableFormat.Csv.defaults(FileCharset.UTF_8_BOM), new TableFormat.Xlsx(null))) {
            var folder = format instanceof TableFormat.Xlsx ? "xlsx" : ((TableFormat.Csv) format).charset().label();
            var write = new FileWriteOptions(folder, "{orderNo}" + (format instanceof TableFormat.Xlsx ? ".xlsx" : ".csv"), format,
                    List.of(), null);
            var read = new FileReadOptions(folder, "*", format, null, null, null, null, null, FileReadOptions.ReadLock.NONE,
                    1 << 20, 100, 10, null);
            var config = LocalFiles.wms(root, write, read);
            var rows = List.<Object>of(row("orderNo", "XS00001001", "customerName", "上海浦江机电设备有限公司", "address",
                    "上海市浦东新区张江路 1 号, 3 楼", "note", "=1+1 \"quoted\"\nsecond line", "qty", 3));

            var outcome = new FileInvoker(config, new LocalFileStore(root))
                    .invoke(OperationCall.of("wms", "writeShipmentOrder").withJsonBody(rows));
            assertThat(outcome).as(folder).isInstanceOf(DeliveryOutcome.Delivered.class);

            var batch = (FileBatch) FileSource.of(config, "shipment-confirmed", new LocalFileStore(root)).poll().getFirst();
            assertThat(batch.records()).as(folder).singleElement().extracting(FileRecord::values).isEqualTo(Map.of(
                    "orderNo", "XS00001001", "customerName", "上海浦江机电设备有限公司", "address", "上海市浦东新区张江路 1 号, 3 楼",
                    "note", "=1+1 \"quoted\"\nsecond line", "qty", "3"));
        }
        assertThat(Files.readAllBytes(root.resolve("GBK/XS00001001.csv"))).as("GBK on disk")
                .startsWith("orderNo,customerName".getBytes(Charset.forName("GBK")));
    }
}
