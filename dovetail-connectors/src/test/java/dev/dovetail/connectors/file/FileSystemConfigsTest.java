package dev.dovetail.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.model.Environment;
import dev.dovetail.model.ExpressionSyntax;
import dev.dovetail.model.Problem;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loaded file and sftp systems become the connector's configuration; bad options are all reported. */
class FileSystemConfigsTest {

    private static final Path SHOWCASE = Path.of("..", "examples", "showcase");

    @TempDir
    Path root;

    @Test
    void the_showcase_wms_writes_csv_orders_to_its_inbox_and_reads_confirmations_from_its_outbox() {
        var showcase = load(SHOWCASE, Map.of("DOVETAIL_SECRET_CRM_CLIENT_SECRET", "x", "DOVETAIL_SECRET_CRM_WEBHOOK_SECRET", "x",
                "DOVETAIL_SECRET_ERP_PASSWORD", "x"));

        var wms = FileSystemConfigs.from(showcase.systems().get("wms"), showcase.root());

        assertThat(wms.location()).isEqualTo(new FileSystemConfig.Location.Local(showcase.root().resolve("data/wms").normalize()));
        assertThat(wms.operations()).containsExactly(Map.entry("writeShipmentOrder", new FileWriteOptions("inbox", "{orderNo}.csv",
                TableFormat.Csv.defaults(FileCharset.UTF_8), List.of(), FileWriteOptions.IfExists.OVERWRITE)));
        assertThat(wms.events()).containsExactly(Map.entry("shipment-confirmed", FileReadOptions.of("outbox", "*.csv",
                TableFormat.Csv.defaults(FileCharset.UTF_8))));
        assertThat(FileSystemConfigs.from(showcase)).containsOnlyKeys("wms");
    }

    @Test
    void an_sftp_system_carries_its_login_host_key_and_per_event_options() {
        var workspace = withSystem("""
                connector: sftp
                connection:
                  host: 127.0.0.1
                  port: 9304
                  username: wms
                  password: ${secret:wms-sftp}
                  directory: /
                  hostKey: SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
                  charset: GBK
                limits: {timeout: 20s, connectTimeout: 3s}
                operations:
                  writeShipmentOrder:
                    options: {folder: inbox, fileName: "{orderNo}.csv", charset: UTF-8-BOM, columns: [orderNo, sku, qty]}
                  writeReport:
                    options: {folder: reports, fileName: "report-{timestamp}.xlsx", sheet: Orders}
                events:
                  shipment-confirmed:
                    key: orderNo
                    consume: {folder: outbox, pattern: "shipment-*.csv", required: [orderNo], readLock: none, maxFileSize: 2MB}
                  stock-counted:
                    key: file
                    consume: {folder: outbox, pattern: "stock-*.csv", emit: file, afterRead: delete, processed: archive/stock}
                """, Map.of("DOVETAIL_SECRET_WMS_SFTP", "it-sftp-password"));

        var wms = FileSystemConfigs.from(workspace.systems().get("wms"), workspace.root());

        assertThat(wms.location()).isEqualTo(new FileSystemConfig.Location.Sftp(new SftpSettings("127.0.0.1", 9304, "wms",
                "it-sftp-password", null, null, "/", new SftpSettings.HostKeys.Fingerprints(
                List.of("SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")), Duration.ofSeconds(3), Duration.ofSeconds(20))));
        assertThat(wms.location().toString()).doesNotContain("it-sftp-password");
        assertThat(wms.operations().get("writeShipmentOrder").format()).isEqualTo(TableFormat.Csv.defaults(FileCharset.UTF_8_BOM));
        assertThat(wms.operations().get("writeShipmentOrder").columns()).containsExactly("orderNo", "sku", "qty");
        assertThat(wms.operations().get("writeReport").format()).isEqualTo(new TableFormat.Xlsx("Orders"));
        var confirmed = wms.events().get("shipment-confirmed");
        assertThat(confirmed.format()).isEqualTo(TableFormat.Csv.defaults(FileCharset.of("GBK")));
        assertThat(confirmed).extracting(FileReadOptions::readLock, FileReadOptions::maxFileSize, FileReadOptions::required,
                FileReadOptions::processedFolder, FileReadOptions::errorFolder)
                .containsExactly(FileReadOptions.ReadLock.NONE, 2L * 1024 * 1024, List.of("orderNo"), "outbox/processed", "outbox/error");
        assertThat(wms.events().get("stock-counted")).extracting(FileReadOptions::emit, FileReadOptions::afterRead,
                FileReadOptions::processedFolder).containsExactly(FileReadOptions.Emit.FILE, FileReadOptions.AfterRead.DELETE, "archive/stock");
    }

    @Test
    void every_problem_of_a_system_is_reported_at_once() {
        var workspace = withSystem("""
                connector: sftp
                connection:
                  host: sftp.example.com
                  username: wms
                  password: ${secret:wms-sftp}
                operations:
                  writeShipmentOrder:
                    options: {folder: ../outside, fileName: "{orderNo}.csv", charset: klingon, fileame: x}
                events:
                  shipment-confirmed:
                    key: orderNo
                    consume: {folder: outbox, pattern: "a/*.csv", readLock: sometimes}
                """, Map.of("DOVETAIL_SECRET_WMS_SFTP", "pw"));

        assertThatThrownBy(() -> FileSystemConfigs.from(workspace.systems().get("wms"), workspace.root()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs connection.hostKey")
                .hasMessageContaining("unknown key 'fileame'")
                .hasMessageContaining("'klingon' is not a charset")
                .hasMessageContaining("readLock 'sometimes' is not one of changed, none");
    }

    @Test
    void folders_that_leave_the_directory_and_patterns_with_folders_are_refused() {
        var workspace = withSystem("""
                connector: file
                connection: {directory: files}
                operations:
                  write:
                    options: {folder: ../outside, fileName: "{id}.csv"}
                events:
                  read:
                    key: id
                    consume: {folder: outbox, pattern: "a/*.csv"}
                """, Map.of());

        assertThatThrownBy(() -> FileSystemConfigs.from(workspace.systems().get("wms"), workspace.root()))
                .hasMessageContaining("path '../outside' has an empty, '.' or '..' segment")
                .hasMessageContaining("pattern 'a/*.csv' matches file names");
    }

    @Test
    void systems_of_other_connectors_are_not_converted() {
        var workspace = withSystem("""
                connector: http
                connection: {baseUrl: "https://example.com"}
                """, Map.of());

        assertThatThrownBy(() -> FileSystemConfigs.from(workspace.systems().get("wms"), workspace.root()))
                .hasMessageContaining("not file or sftp");
    }

    private Workspace withSystem(String yaml, Map<String, String> environment) {
        try {
            Files.writeString(root.resolve("dovetail.yaml"), "name: files\n");
            Files.createDirectories(root.resolve("systems"));
            Files.writeString(root.resolve("systems/wms.yaml"), yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return load(root, environment);
    }

    private static Workspace load(Path root, Map<String, String> environment) {
        var load = new WorkspaceLoader(Environment.of(new HashMap<>(environment)), ExpressionSyntax.ANY).load(root);
        assertThat(load.report().errors()).extracting(Problem::format).isEmpty();
        return load.workspace().orElseThrow();
    }
}
