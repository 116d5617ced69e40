package dev.dovetail.connectors.file;

import static dev.dovetail.connectors.file.FileInvokerTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.Environment;
import dev.dovetail.model.ExpressionSyntax;
import dev.dovetail.model.Problem;
import dev.dovetail.model.WorkspaceLoader;
import dev.dovetail.sandbox.junit.Poll;
import dev.dovetail.sandbox.junit.SandboxSystem;
import dev.dovetail.sandbox.wms.WmsSandbox;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file connector against the real WMS sandbox over SFTP: a shipment order written to {@code inbox/} is
 * taken by the WMS, whose confirmation in {@code outbox/} is read back and moved to {@code outbox/processed/}.
 */
class WmsSftpIT {

    private static final String PASSWORD = "it-sftp-password";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static SandboxSystem wms = fastWms();

    @RegisterExtension
    static SandboxSystem gbkWms = fastWms().withOption("charset", "GBK");

    private static SandboxSystem fastWms() {
        return SandboxSystem.wms().withOption("sftp-password", PASSWORD).withOption("ship-delay-ms", "200")
                .withOption("poll-ms", "50").withOption("stock-count-every-seconds", "0");
    }

    @TempDir
    Path workspace;

    private final List<FileStore> stores = new ArrayList<>();

    @BeforeEach
    void emptyWarehouses() {
        for (var system : List.of(wms, gbkWms)) {
            system.control().reset();
            system.control().seed();
        }
    }

    @AfterEach
    void closeStores() {
        stores.forEach(FileStore::close);
    }

    /** The system file an engineer would write for the WMS, loaded by the real workspace loader. */
    private FileSystemConfig config(SandboxSystem system, String charset, String hostKey) throws Exception {
        Files.writeString(workspace.resolve("dovetail.yaml"), "name: wms-it\n");
        Files.createDirectories(workspace.resolve("systems"));
        Files.writeString(workspace.resolve("systems/wms.yaml"), """
                connector: sftp
                connection:
                  host: 127.0.0.1
                  port: ${WMS_SFTP_PORT}
                  username: wms
                  password: ${secret:wms-sftp}
                  hostKey: ${WMS_HOST_KEY}
                  charset: %s
                limits: {connectTimeout: 5s, timeout: 10s}
                operations:
                  writeShipmentOrder:
                    options:
                      folder: inbox
                      fileName: "{orderNo}.csv"
                      columns: [orderNo, customerCode, customerName, shipDate, sku, qty, address]
                events:
                  shipment-confirmed:
                    key: orderNo
                    consume: {folder: outbox, pattern: "shipment-*.csv", required: [orderNo, status]}
                """.formatted(charset));
        var environment = new HashMap<String, String>();
        environment.put("WMS_SFTP_PORT", String.valueOf(sftpPort(system)));
        environment.put("WMS_HOST_KEY", hostKey);
        environment.put("DOVETAIL_SECRET_WMS_SFTP", PASSWORD);
        var load = new WorkspaceLoader(Environment.of(environment), ExpressionSyntax.ANY).load(workspace);
        assertThat(load.report().errors()).extracting(Problem::format).isEmpty();
        var loaded = load.workspace().orElseThrow();
        return FileSystemConfigs.from(loaded.systems().get("wms"), loaded.root());
    }

    private FileStore open(FileSystemConfig config) {
        var store = config.openStore();
        stores.add(store);
        return store;
    }

    private static int sftpPort(SandboxSystem system) {
        return ((WmsSandbox) system.app()).sftpPort();
    }

    /** The fingerprint an administrator would read off the server's host key. */
    private static String hostKeyFingerprint(SandboxSystem system) throws Exception {
        var keys = new SimpleGeneratorHostKeyProvider(system.stateDir().resolve("ssh_host_key")).loadKeys(null);
        return KeyUtils.getFingerPrint(keys.iterator().next().getPublic());
    }

    private static OperationCall shipmentOrder(String orderNo, String customerName) {
        var address = "上海市浦东新区张江路 1 号, 3 楼";
        return OperationCall.of("wms", "writeShipmentOrder").withIdempotencyKey("order-relay:" + orderNo + ":wms").withJsonBody(List.of(
                row("orderNo", orderNo, "customerCode", "C00003", "customerName", customerName, "shipDate", "2026-11-02",
                        "sku", "WL1001", "qty", 3, "address", address),
                row("orderNo", orderNo, "customerCode", "C00003", "customerName", customerName, "shipDate", "2026-11-02",
                        "sku", "WL1005", "qty", 2.0, "address", address)));
    }

    private static FileBatch awaitConfirmation(FileSource source) {
        var batches = new ArrayList<FileBatch>();
        Poll.until(WAIT, "a shipment confirmation in the outbox", () -> {
            try {
                for (var picked : source.poll()) {
                    assertThat(picked).as("a refused confirmation").isInstanceOf(FileBatch.class);
                    batches.add((FileBatch) picked);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            return !batches.isEmpty();
        });
        assertThat(batches).hasSize(1);
        return batches.getFirst();
    }

    @Test
    void a_shipment_order_written_over_sftp_is_confirmed_and_the_confirmation_is_read_and_moved_to_processed() throws Exception {
        var config = config(wms, "UTF-8-BOM", hostKeyFingerprint(wms));
        var store = open(config);
        var invoker = new FileInvoker(config, store);

        var outcome = invoker.invoke(shipmentOrder("XS00001001", "上海浦江机电设备有限公司"));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> assertThat(d.response())
                .extracting("file", "rows").containsExactly("inbox/XS00001001.csv", 2));
        var source = FileSource.of(config, "shipment-confirmed", store);
        var batch = awaitConfirmation(source);
        assertThat(batch.records()).singleElement().satisfies(record -> {
            assertThat(record.line()).isEqualTo(2);
            assertThat(record.values()).containsOnlyKeys("orderNo", "shippedAt", "trackingNo", "carrier", "status");
            assertThat(record.values()).containsEntry("orderNo", "XS00001001").containsEntry("status", "SHIPPED");
            assertThat((String) record.values().get("trackingNo")).matches("(SF|ZTO|YTO)\\d{12}");
            assertThat((String) record.values().get("shippedAt")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        });
        assertThat(wms.control().stat("wms.files.processed")).isEqualTo(1);
        assertThat(wms.control().stat("wms.files.rejected")).isZero();
        assertThat(names(store, "inbox/processed")).containsExactly("XS00001001.csv");

        source.acknowledge(batch);

        assertThat(names(store, "outbox")).isEmpty();
        assertThat(names(store, "outbox/processed")).containsExactly(batch.file().name());
        assertThat(source.poll()).isEmpty();
    }

    @Test
    void repeating_a_delivery_writes_nothing_so_the_wms_never_sees_the_order_twice() throws Exception {
        var config = config(wms, "UTF-8-BOM", hostKeyFingerprint(wms));
        var store = open(config);
        var invoker = new FileInvoker(config, store);
        invoker.invoke(shipmentOrder("XS00001002", "杭州西湖茶业有限公司"));
        Poll.until(WAIT, "the WMS took the order file", () -> wms.control().stat("wms.files.processed") == 1);

        var again = invoker.invoke(shipmentOrder("XS00001002", "杭州西湖茶业有限公司"));

        assertThat(again).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                d -> assertThat(d.response()).extracting("alreadyWritten").isEqualTo(true));
        assertThat(names(store, "inbox")).isEmpty();
        assertThat(wms.control().stat("wms.orders.received")).isEqualTo(1);
        assertThat(wms.control().stat("wms.orders.duplicate")).isZero();
    }

    @Test
    void a_gbk_warehouse_gets_gbk_orders_and_its_gbk_confirmations_read_correctly() throws Exception {
        var config = config(gbkWms, "GBK", hostKeyFingerprint(gbkWms));
        var store = open(config);

        var outcome = new FileInvoker(config, store).invoke(shipmentOrder("XS00001003", "深圳南山電子科技有限公司"));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        var source = FileSource.of(config, "shipment-confirmed", store);
        var batch = awaitConfirmation(source);
        assertThat(batch.records()).singleElement().extracting(r -> r.values().get("orderNo")).isEqualTo("XS00001003");
        assertThat(gbkWms.control().stat("wms.files.rejected")).isZero();
        source.acknowledge(batch);
        assertThat(names(store, "outbox/processed")).containsExactly(batch.file().name());
    }

    @Test
    void a_host_key_other_than_the_configured_one_is_refused_before_logging_in() throws Exception {
        var config = config(wms, "UTF-8-BOM", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var logins = wms.control().stat("wms.sftp.logins");

        var outcome = new FileInvoker(config, open(config)).invoke(shipmentOrder("XS00001004", "x"));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("host key of 127.0.0.1:" + sftpPort(wms)).contains("is not the one configured"));
        assertThat(wms.control().stat("wms.sftp.logins")).isEqualTo(logins);
    }

    @Test
    void a_wrong_password_is_a_permanent_failure_and_an_unreachable_server_a_transient_one() throws Exception {
        var config = config(wms, "UTF-8-BOM", hostKeyFingerprint(wms));
        var settings = ((FileSystemConfig.Location.Sftp) config.location()).settings();
        var wrongPassword = new SftpFileStore(new SftpSettings(settings.host(), settings.port(), "wms", "not-it", null, null, "",
                settings.hostKeys(), settings.connectTimeout(), settings.timeout()));
        stores.add(wrongPassword);

        assertThat(new FileInvoker(config, wrongPassword).invoke(shipmentOrder("XS00001005", "x")))
                .isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.reason()).contains("login as wms"));

        wms.control().downFor(30);
        try {
            assertThat(new FileInvoker(config, open(config)).invoke(shipmentOrder("XS00001005", "x")))
                    .isInstanceOf(DeliveryOutcome.RetryLater.class);
        } finally {
            wms.control().clearFaults();
        }
    }

    @Test
    void one_connection_is_reused_and_a_dropped_one_is_opened_again() throws Exception {
        var config = config(wms, "UTF-8-BOM", hostKeyFingerprint(wms));
        var store = (SftpFileStore) open(config);
        var connections = wms.control().stat("wms.sftp.connections");

        store.list("inbox");
        store.list("outbox");
        store.createFolders("outbox/processed");
        assertThat(wms.control().stat("wms.sftp.connections")).isEqualTo(connections + 1);
        assertThat(store.connected()).isTrue();

        store.dropConnection();
        assertThat(store.list("inbox/processed")).isEmpty();

        assertThat(store.connected()).isTrue();
        assertThat(wms.control().stat("wms.sftp.connections")).isEqualTo(connections + 2);
    }

    private static List<String> names(FileStore store, String folder) throws Exception {
        return store.list(folder).stream().map(StoredFile::name).sorted().toList();
    }

}
