package dev.dovetail.sandbox.wms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.sandbox.junit.Poll;
import dev.dovetail.sandbox.junit.SandboxSystem;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WmsSandboxIT {

    private static final String PASSWORD = "it-sftp-password";
    private static final Charset GBK = Charset.forName("GBK");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String ORDER_HEADER = "orderNo,customerCode,customerName,shipDate,sku,qty,address\r\n";

    @RegisterExtension
    static SandboxSystem wms = fastWms();

    @RegisterExtension
    static SandboxSystem gbkWms = fastWms().withOption("charset", "GBK");

    private static SandboxSystem fastWms() {
        return SandboxSystem.wms().withOption("sftp-password", PASSWORD).withOption("ship-delay-ms", "300")
                .withOption("poll-ms", "50").withOption("stock-count-every-seconds", "0");
    }

    @BeforeEach
    void emptyWarehouses() {
        for (SandboxSystem system : List.of(wms, gbkWms)) {
            system.control().reset();
            system.control().seed();
        }
    }

    @Test
    void an_order_file_in_utf8_with_bom_is_confirmed_in_the_outbox_with_the_same_order_number() throws Exception {
        try (var sftp = login(wms)) {
            sftp.upload("/inbox", "orders-1.csv", utf8Bom(ORDER_HEADER
                    + "XS00001001,C00003,上海浦江机电设备有限公司,2026-11-02,WL1001,3,\"上海市浦东新区张江路 1 号, 3 楼\"\r\n"
                    + "XS00001001,C00003,上海浦江机电设备有限公司,2026-11-02,WL1005,2,\"上海市浦东新区张江路 1 号, 3 楼\"\r\n"));

            String confirmation = awaitFile(sftp, "/outbox", "shipment-");
            byte[] bytes = sftp.get("/outbox/" + confirmation);

            assertThat(Arrays.copyOf(bytes, 3)).isEqualTo(BOM);
            List<String> lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).lines().toList();
            assertThat(lines.getFirst()).isEqualTo("orderNo,shippedAt,trackingNo,carrier,status");
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1)).startsWith("XS00001001,").endsWith(",SHIPPED")
                    .matches("XS00001001,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,(SF|ZTO|YTO)\\d{12},(SF|ZTO|YTO),SHIPPED");
            assertThat(sftp.list("/inbox/processed")).containsExactly("orders-1.csv");
            assertThat(sftp.list("/inbox")).isEmpty();
        }
    }

    @Test
    void an_order_file_in_gbk_is_read_and_confirmed_in_gbk() throws Exception {
        try (var sftp = login(gbkWms)) {
            sftp.upload("/inbox", "orders-gbk.csv", (ORDER_HEADER
                    + "XS00001002,C00002,杭州西湖茶业有限公司,,WL1008,6,浙江省杭州市西湖区龙井路 8 号\r\n").getBytes(GBK));

            String confirmation = awaitFile(sftp, "/outbox", "shipment-");
            byte[] bytes = sftp.get("/outbox/" + confirmation);

            assertThat(Arrays.copyOf(bytes, 3)).isNotEqualTo(BOM);
            assertThat(new String(bytes, GBK)).contains("XS00001002,");
        }
        assertThat(page(gbkWms)).contains("浙江省杭州市西湖区龙井路 8 号", "WL1008 × 6");
    }

    @Test
    void a_malformed_file_moves_to_error_with_a_reason_per_line() throws Exception {
        try (var sftp = login(wms)) {
            sftp.upload("/inbox", "bad.csv", utf8Bom(ORDER_HEADER
                    + "XS1,C00001,,2026-11-02,WL1001,two,somewhere\r\n"
                    + "XS2,C00001,,02/11/2026,WL1001,1,somewhere\r\n"
                    + "XS3,,,,WL1001,1,somewhere\r\n"));

            String err = awaitFile(sftp, "/inbox/error", "bad.csv.err");
            String reason = new String(sftp.get("/inbox/error/" + err), StandardCharsets.UTF_8);

            assertThat(sftp.list("/inbox/error")).containsExactly("bad.csv", "bad.csv.err");
            assertThat(reason).contains("line 2: qty must be a positive whole number, got 'two'",
                    "line 3: shipDate must be yyyy-MM-dd", "line 4: customerCode is empty");
            assertThat(sftp.list("/outbox")).isEmpty();
        }
    }

    @Test
    void a_file_without_the_required_columns_is_rejected_naming_them() throws Exception {
        try (var sftp = login(wms)) {
            sftp.upload("/inbox", "no-qty.csv", utf8Bom("orderNo,customerCode,sku,address\r\nXS1,C1,WL1001,x\r\n"));

            awaitFile(sftp, "/inbox/error", "no-qty.csv.err");
            assertThat(new String(sftp.get("/inbox/error/no-qty.csv.err"), StandardCharsets.UTF_8))
                    .contains("line 1: the header lacks column(s) qty");
        }
    }

    @Test
    void a_gbk_file_sent_to_a_utf8_wms_is_rejected_as_not_valid_text() throws Exception {
        try (var sftp = login(wms)) {
            sftp.upload("/inbox", "wrong-charset.csv",
                    (ORDER_HEADER + "XS9,C00002,杭州西湖茶业有限公司,,WL1008,1,杭州\r\n").getBytes(GBK));

            awaitFile(sftp, "/inbox/error", "wrong-charset.csv.err");
            assertThat(new String(sftp.get("/inbox/error/wrong-charset.csv.err"), StandardCharsets.UTF_8))
                    .contains("not valid UTF-8-BOM text");
        }
    }

    @Test
    void files_under_temporary_names_are_left_alone() throws Exception {
        try (var sftp = login(wms)) {
            byte[] order = utf8Bom(ORDER_HEADER + "XS5,C00001,,,WL1001,1,x\r\n");
            sftp.put("/inbox/.uploading.csv", order);
            sftp.put("/inbox/half.csv.tmp", order);
            sftp.upload("/inbox", "complete.csv", utf8Bom(ORDER_HEADER + "XS6,C00001,,,WL1001,1,x\r\n"));

            awaitFile(sftp, "/inbox/processed", "complete.csv");

            assertThat(sftp.list("/inbox")).containsExactly(".uploading.csv", "half.csv.tmp");
            String confirmation = awaitFile(sftp, "/outbox", "shipment-");
            assertThat(new String(sftp.get("/outbox/" + confirmation), StandardCharsets.UTF_8))
                    .contains("XS6,").doesNotContain("XS5,");
        }
    }

    @Test
    void an_order_sent_again_is_not_shipped_twice() throws Exception {
        try (var sftp = login(wms)) {
            byte[] order = utf8Bom(ORDER_HEADER + "XS7,C00001,,,WL1002,1,x\r\n");
            sftp.upload("/inbox", "first.csv", order);
            awaitFile(sftp, "/outbox", "shipment-");
            sftp.upload("/inbox", "again.csv", order);

            awaitFile(sftp, "/inbox/processed", "again.csv");

            assertThat(sftp.list("/outbox")).hasSize(1);
            assertThat(wms.control().stat("wms.orders.duplicate")).isEqualTo(1);
        }
    }

    @Test
    void shipping_takes_stock_and_a_stock_count_lists_it() throws Exception {
        try (var sftp = login(wms)) {
            sftp.upload("/inbox", "o.csv", utf8Bom(ORDER_HEADER + "XS8,C00001,,,WL1004,4,x\r\n"));
            awaitFile(sftp, "/outbox", "shipment-");

            String file = (String) wms.control().post("/_control/stock-count", Map.of()).get("file");

            List<String> lines = new String(sftp.get("/outbox/" + file), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines.getFirst()).isEqualTo("\uFEFFsku,warehouse,qty,countedAt");
            assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("WL1004,WH01,20,"));
        }
    }

    @Test
    void pending_confirmations_and_the_host_key_survive_a_restart() throws Exception {
        // the restart happens well within the ship delay, so the restarted WMS is the one that ships
        var slow = SandboxSystem.wms().withOption("sftp-password", PASSWORD).withOption("ship-delay-ms", "3000")
                .withOption("poll-ms", "50").withOption("stock-count-every-seconds", "0");
        slow.start();
        try {
            var keyBefore = loginAndUpload(slow);
            Poll.until(Duration.ofSeconds(15), "the order file is received",
                    () -> slow.control().stat("wms.orders.received") == 1);

            slow.restart();

            try (var sftp = SftpSession.open(((WmsSandbox) slow.app()).sftpPort(), PASSWORD)) {
                assertThat(sftp.hostKey()).isEqualTo(keyBefore);
                String confirmation = awaitFile(sftp, "/outbox", "shipment-");
                assertThat(new String(sftp.get("/outbox/" + confirmation), StandardCharsets.UTF_8)).contains("XS10,");
                assertThat(sftp.list("/inbox/processed")).containsExactly("late.csv");
            }
            assertThat(slow.control().stat("wms.confirmations.written")).isEqualTo(1);
        } finally {
            slow.stop();
            deleteRecursively(slow.stateDir());
        }
    }

    @Test
    void a_wrong_password_is_refused() {
        assertThatThrownBy(() -> SftpSession.open(((WmsSandbox) wms.app()).sftpPort(), "not-the-password").close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void an_injected_failure_drops_the_next_connection_and_the_one_after_works() throws Exception {
        wms.control().failNext(1, 503);

        assertThatThrownBy(() -> login(wms).close()).isInstanceOf(IOException.class);
        try (var sftp = login(wms)) {
            assertThat(sftp.list("/outbox")).isEmpty();
        }
        assertThat(wms.control().stat("faults.failed")).isEqualTo(1);
    }

    @Test
    void the_page_lists_files_and_stock() throws Exception {
        try (var sftp = login(wms)) {
            sftp.upload("/inbox", "page.csv", utf8Bom(ORDER_HEADER + "XS11,C00001,,,WL1003,1,杭州\r\n"));
            awaitFile(sftp, "/outbox", "shipment-");
        }
        assertThat(page(wms)).contains("page.csv", "XS11", "WL1003 × 1", "shipment-", "WH01");
    }

    private static void deleteRecursively(java.nio.file.Path dir) throws IOException {
        try (var walk = java.nio.file.Files.walk(dir)) {
            for (var p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    private static java.security.PublicKey loginAndUpload(SandboxSystem system) throws IOException {
        try (var sftp = SftpSession.open(((WmsSandbox) system.app()).sftpPort(), PASSWORD)) {
            sftp.upload("/inbox", "late.csv", utf8Bom(ORDER_HEADER + "XS10,C00001,,,WL1001,1,x\r\n"));
            return sftp.hostKey();
        }
    }

    private static SftpSession login(SandboxSystem system) throws IOException {
        return SftpSession.open(((WmsSandbox) system.app()).sftpPort(), PASSWORD);
    }

    private static byte[] utf8Bom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(BOM, 3 + body.length);
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    private static String page(SandboxSystem system) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(system.baseUrl().resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls a folder over SFTP until a file whose name starts with {@code prefix} appears. */
    private static String awaitFile(SftpSession sftp, String dir, String prefix) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (true) {
            Optional<String> found = sftp.list(dir).stream().filter(n -> n.startsWith(prefix)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no file " + prefix + "* in " + dir + " within 15 s; there: " + sftp.list(dir));
            }
            Thread.sleep(50);
        }
    }
}
