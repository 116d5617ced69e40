package dev.dovetail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {
    @TempDir
    Path dir;

    @Test
    void a_secret_put_is_read_back_after_reopening() {
        var key = SecretStore.newMasterKey();
        var file = dir.resolve(".dovetail/secrets.store");
        var store = SecretStore.open(file, key);
        store.put("erp-password", "s3cr3t-密码");
        store.put("crm-client-secret", "abc");

        var reopened = SecretStore.open(file, key);
        assertThat(reopened.get("erp-password")).contains("s3cr3t-密码");
        assertThat(reopened.names()).containsExactly("crm-client-secret", "erp-password");
    }

    @Test
    void neither_names_nor_values_are_readable_in_the_file() throws Exception {
        var file = dir.resolve("secrets.store");
        SecretStore.open(file, SecretStore.newMasterKey()).put("erp-password", "plain-text-value");
        var content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(content).startsWith("DVSECRET").doesNotContain("plain-text-value").doesNotContain("erp-password");
    }

    @Test
    void a_wrong_key_is_refused() {
        var file = dir.resolve("secrets.store");
        SecretStore.open(file, SecretStore.newMasterKey()).put("a", "1");
        assertThatThrownBy(() -> SecretStore.open(file, SecretStore.newMasterKey()))
                .isInstanceOf(SecretStoreException.class).hasMessageContaining("wrong DOVETAIL_MASTER_KEY");
    }

    @Test
    void an_altered_file_is_refused() throws Exception {
        var key = SecretStore.newMasterKey();
        var file = dir.resolve("secrets.store");
        SecretStore.open(file, key).put("a", "1");
        var bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> SecretStore.open(file, key)).isInstanceOf(SecretStoreException.class);
    }

    @Test
    void removing_a_secret_persists_and_leaves_no_temporary_files() throws Exception {
        var key = SecretStore.newMasterKey();
        var file = dir.resolve("secrets.store");
        var store = SecretStore.open(file, key);
        store.put("a", "1");
        store.put("b", "2");
        assertThat(store.remove("a")).isTrue();
        assertThat(store.remove("a")).isFalse();
        assertThat(SecretStore.open(file, key).names()).containsExactly("b");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secrets.store");
        }
    }

    @Test
    void a_passphrase_works_as_master_key_and_the_file_remembers_the_kind() {
        var file = dir.resolve("secrets.store");
        var passphrase = "correct horse battery staple";
        SecretStore.open(file, passphrase, 1_000).put("a", "1"); // fewer PBKDF2 rounds than the default: the file records the count
        assertThat(SecretStore.open(file, passphrase).get("a")).contains("1");
        assertThatThrownBy(() -> SecretStore.open(file, SecretStore.newMasterKey())).isInstanceOf(SecretStoreException.class);
    }

    @Test
    void a_missing_or_short_key_and_bad_names_are_explained() {
        var file = dir.resolve("secrets.store");
        assertThatThrownBy(() -> SecretStore.open(file, null)).hasMessageContaining("DOVETAIL_MASTER_KEY");
        assertThatThrownBy(() -> SecretStore.open(file, "short")).hasMessageContaining("at least 16 characters");
        var store = SecretStore.open(file, SecretStore.newMasterKey());
        assertThatThrownBy(() -> store.put("has space", "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad secret name");
    }

    @Test
    void a_file_that_is_not_a_store_is_refused() throws Exception {
        var file = dir.resolve("secrets.store");
        Files.writeString(file, "password=hunter2");
        assertThatThrownBy(() -> SecretStore.open(file, SecretStore.newMasterKey())).hasMessageContaining("not a Dovetail secret store");
    }
}
