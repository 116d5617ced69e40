package dev.dovetail.connectors.file;

import static dev.dovetail.connectors.file.FileInvokerTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private-key login and {@code known_hosts} checking against a real SFTP server (Apache MINA SSHD) that accepts
 * only one public key; the WMS sandbox offers passwords only.
 */
class SftpKeyAuthIT {

    @TempDir
    static Path dir;

    private static SshServer server;
    private static KeyPair clientKey;
    private static PublicKey hostKey;

    @BeforeAll
    static void startServer() throws Exception {
        clientKey = ecKeyPair();
        Files.createDirectories(dir.resolve("files"));
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        var hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host_key"));
        hostKeys.setAlgorithm("EC");
        hostKeys.setKeySize(256);
        server.setKeyPairProvider(hostKeys);
        server.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("it", List.of(clientKey.getPublic())));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(dir.resolve("files")));
        server.start();
        hostKey = hostKeys.loadKeys(null).iterator().next().getPublic();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop(true);
    }

    private static int port() {
        return ((InetSocketAddress) server.getBoundAddresses().iterator().next()).getPort();
    }

    private static KeyPair ecKeyPair() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static String openSshPrivateKey(KeyPair keyPair, String passphrase) throws Exception {
        var encryption = new OpenSSHKeyEncryptionContext();
        encryption.setPassword(passphrase);
        encryption.setCipherType("256"); // aes256-ctr, what ssh-keygen uses
        var out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "dovetail-it", encryption, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static Path knownHosts(String name, PublicKey key) throws Exception {
        var file = dir.resolve(name);
        Files.writeString(file, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n");
        return file;
    }

    private static FileSystemConfig config(KeyPair key, SftpSettings.HostKeys hostKeys) throws Exception {
        var settings = new SftpSettings("127.0.0.1", port(), "dovetail", null, openSshPrivateKey(key, "it-passphrase"),
                "it-passphrase", "exchange", hostKeys, Duration.ofSeconds(5), Duration.ofSeconds(10));
        var write = new FileWriteOptions("reports", "{batch}.xlsx", new TableFormat.Xlsx("Stock"), List.of(), null);
        var read = new FileReadOptions("reports", "*.xlsx", new TableFormat.Xlsx("Stock"), null, null, null, null, null,
                FileReadOptions.ReadLock.NONE, 1 << 20, 1000, 10, null);
        return new FileSystemConfig("mes", new FileSystemConfig.Location.Sftp(settings), Map.of("writeStock", write),
                Map.of("stock-reported", read), null, null);
    }

    private static OperationCall stock(String batch, int qty, String key) {
        return OperationCall.of("mes", "writeStock").withIdempotencyKey(key).withJsonBody(Map.of("batch", batch,
                "rows", List.of(row("sku", "WL1001", "warehouse", "WH01", "qty", qty), row("sku", "WL1002", "warehouse", "WH01", "qty", 7))));
    }

    @Test
    void a_passphrase_protected_key_logs_in_and_an_xlsx_file_goes_out_and_comes_back() throws Exception {
        var config = config(clientKey, new SftpSettings.HostKeys.KnownHosts(knownHosts("known_hosts", hostKey)));
        try (var store = config.openStore()) {
            var invoker = new FileInvoker(config, store);

            assertThat(invoker.invoke(stock("B1", 498, "k1"))).isInstanceOf(DeliveryOutcome.Delivered.class);
            assertThat(invoker.invoke(stock("B1", 500, "k2"))).as("another delivery replaces the file")
                    .isInstanceOf(DeliveryOutcome.Delivered.class);

            assertThat(Files.list(dir.resolve("files/exchange/reports")).map(p -> p.getFileName().toString()).toList())
                    .containsExactly("B1.xlsx");
            var source = FileSource.of(config, "stock-reported", store);
            var batch = (FileBatch) source.poll().getFirst();
            assertThat(batch.records()).extracting(FileRecord::values).containsExactly(
                    Map.of("sku", "WL1001", "warehouse", "WH01", "qty", "500"), Map.of("sku", "WL1002", "warehouse", "WH01", "qty", "7"));
            source.acknowledge(batch);
            assertThat(dir.resolve("files/exchange/reports/processed/B1.xlsx")).exists();
        }
    }

    @Test
    void a_server_whose_key_is_not_in_known_hosts_is_refused() throws Exception {
        var config = config(clientKey, new SftpSettings.HostKeys.KnownHosts(knownHosts("other_known_hosts", ecKeyPair().getPublic())));
        try (var store = config.openStore()) {
            assertThat(new FileInvoker(config, store).invoke(stock("B2", 1, "k3")))
                    .isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.reason())
                            .contains("is not the one configured in known hosts file other_known_hosts"));
        }
    }

    @Test
    void a_key_the_server_does_not_accept_is_a_permanent_failure() throws Exception {
        var config = config(ecKeyPair(), new SftpSettings.HostKeys.Insecure());
        try (var store = config.openStore()) {
            assertThat(new FileInvoker(config, store).invoke(stock("B3", 1, "k4")))
                    .isInstanceOfSatisfying(DeliveryOutcome.Rejected.class, r -> assertThat(r.reason()).contains("login as dovetail"));
        }
    }
}
