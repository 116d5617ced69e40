package dev.dovetail.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.PrivateNetworkEgressPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the SFTP store decides before any packet is sent. */
class SftpFileStoreTest {

    private static SftpSettings settings(String host) {
        return new SftpSettings(host, 22, "wms", "secret-password", null, null, "", new SftpSettings.HostKeys.Insecure(),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void a_host_that_resolves_to_an_internal_address_is_refused_by_the_egress_policy() {
        var store = new SftpFileStore(settings("files.example.com"),
                PrivateNetworkEgressPolicy.allowing(List.of(), List.of("sftp")), host -> List.of(InetAddress.getByName("10.1.2.3")));
        var config = new FileSystemConfig("wms", new FileSystemConfig.Location.Sftp(settings("files.example.com")),
                Map.of("write", new FileWriteOptions("", "{id}.csv", TableFormat.Csv.defaults(FileCharset.UTF_8), null, null)),
                Map.of(), null, null);

        try (store) {
            assertThatThrownBy(() -> store.list("inbox")).isInstanceOf(AccessRefused.class)
                    .hasMessageContaining("egress to sftp://files.example.com:22 denied").hasMessageContaining("private");
            assertThat(new FileInvoker(config, store).invoke(OperationCall.of("wms", "write").withJsonBody(List.of(Map.of("id", "1")))))
                    .isInstanceOf(DeliveryOutcome.Rejected.class);
        }
    }

    @Test
    void settings_never_show_their_secrets_and_need_a_credential() {
        assertThat(settings("h").toString()).doesNotContain("secret-password").contains("password=****");
        assertThatThrownBy(() -> new SftpSettings("h", 22, "u", null, null, null, "", new SftpSettings.HostKeys.Insecure(),
                Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessageContaining("password or a private key");
    }

    @Test
    void paths_cannot_leave_the_store() {
        assertThat(FileStore.checkedPath("./inbox/")).isEqualTo("inbox");
        assertThat(FileStore.checkedPath("")).isEmpty();
        for (var bad : List.of("/etc", "inbox/../../etc", "a//b", "a/./b", "a\u0000b")) {
            assertThatThrownBy(() -> FileStore.checkedPath(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
