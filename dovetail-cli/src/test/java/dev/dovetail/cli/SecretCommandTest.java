package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.SecretStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCommandTest {
    private static final String KEY = SecretStore.newMasterKey();
    private static final Map<String, String> ENV = Map.of("DOVETAIL_MASTER_KEY", KEY);

    @TempDir
    Path workspace;

    @BeforeEach
    void a_workspace_with_a_secret_store() throws Exception {
        Files.writeString(workspace.resolve("dovetail.yaml"), "name: shop\nsecrets:\n  store: .secrets/store.bin\n");
    }

    @Test
    void keygen_prints_a_new_base64_key_of_32_bytes() {
        var first = CliRun.run("secret", "keygen");
        var second = CliRun.run("secret", "keygen");

        assertThat(first.exitCode()).isZero();
        assertThat(Base64.getDecoder().decode(first.out().strip())).hasSize(32);
        assertThat(first.out()).isNotEqualTo(second.out());
    }

    @Test
    void a_value_from_stdin_is_stored_encrypted_without_its_trailing_newline() throws Exception {
        var run = CliRun.with(ENV, "s3cr3t-token\n", null, "secret", "set", "crm-token", "--value-stdin", "-w", workspace.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Stored secret 'crm-token' in .secrets/store.bin").contains("${secret:crm-token}");
        var file = workspace.resolve(".secrets/store.bin");
        assertThat(SecretStore.open(file, KEY).get("crm-token")).contains("s3cr3t-token");
        assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t-token").doesNotContain("crm-token");
    }

    @Test
    void a_value_typed_at_the_hidden_prompt_is_stored_and_never_printed() {
        var run = CliRun.with(ENV, "", "typed-value", "secret", "set", "erp-password", "--workspace", workspace.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out() + run.err()).doesNotContain("typed-value");
        assertThat(SecretStore.open(workspace.resolve(".secrets/store.bin"), KEY).get("erp-password")).contains("typed-value");
    }

    @Test
    void without_a_terminal_the_value_must_come_from_stdin() {
        var run = CliRun.with(ENV, "", null, "secret", "set", "erp-password", "-w", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--value-stdin");
        assertThat(workspace.resolve(".secrets/store.bin")).doesNotExist();
    }

    @Test
    void setting_again_replaces_the_value() {
        set("crm-token", "old");

        var run = CliRun.with(ENV, "new", null, "secret", "set", "crm-token", "--value-stdin", "-w", workspace.toString());

        assertThat(run.out()).startsWith("Replaced secret 'crm-token'");
        assertThat(SecretStore.open(workspace.resolve(".secrets/store.bin"), KEY).get("crm-token")).contains("new");
    }

    @Test
    void list_prints_the_names_sorted_and_never_the_values() {
        set("erp-password", "value-one");
        set("crm-token", "value-two");

        var run = CliRun.with(ENV, "", null, "secret", "list", "-w", workspace.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("crm-token", "erp-password");
        assertThat(run.out()).doesNotContain("value-");
    }

    @Test
    void remove_deletes_the_secret() {
        set("crm-token", "v");

        var run = CliRun.with(ENV, "", null, "secret", "remove", "crm-token", "-w", workspace.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(SecretStore.open(workspace.resolve(".secrets/store.bin"), KEY).names()).isEmpty();
    }

    @Test
    void removing_a_secret_that_is_not_there_is_an_error() {
        var run = CliRun.with(ENV, "", null, "secret", "remove", "nope", "-w", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no secret named 'nope'");
    }

    @Test
    void without_a_master_key_the_error_names_the_variable_and_how_to_make_a_key() {
        var run = CliRun.with(Map.of(), "v", null, "secret", "set", "crm-token", "--value-stdin", "-w", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("DOVETAIL_MASTER_KEY is not set").contains("dovetail secret keygen");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void a_wrong_master_key_is_reported_as_such() {
        set("crm-token", "v");

        var run = CliRun.with(Map.of("DOVETAIL_MASTER_KEY", SecretStore.newMasterKey()), "", null, "secret", "list", "-w", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("wrong DOVETAIL_MASTER_KEY");
    }

    @Test
    void a_workspace_without_a_store_is_told_how_to_name_one() throws Exception {
        Files.writeString(workspace.resolve("dovetail.yaml"), "name: shop\n");

        var run = CliRun.with(ENV, "", null, "secret", "list", "-w", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("names no secret store").contains("store: secrets.store");
    }

    @Test
    void a_folder_without_dovetail_yaml_is_not_a_workspace(@TempDir Path elsewhere) {
        var run = CliRun.with(ENV, "", null, "secret", "list", "-w", elsewhere.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not a workspace: it has no dovetail.yaml");
    }

    @Test
    void a_name_that_cannot_be_referenced_is_a_usage_error() {
        var run = CliRun.with(ENV, "v", null, "secret", "set", "bad name!", "--value-stdin", "-w", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad secret name 'bad name!'");
    }

    @Test
    void an_empty_value_is_refused() {
        var run = CliRun.with(ENV, "\n", null, "secret", "set", "crm-token", "--value-stdin", "-w", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("The value is empty");
    }

    @Test
    void the_store_path_may_use_an_environment_placeholder() throws Exception {
        Files.writeString(workspace.resolve("dovetail.yaml"), "name: shop\nsecrets:\n  store: ${SECRETS_FILE:default.bin}\n");
        var env = Map.of("DOVETAIL_MASTER_KEY", KEY, "SECRETS_FILE", "from-env.bin");

        var run = CliRun.with(env, "v", null, "secret", "set", "crm-token", "--value-stdin", "-w", workspace.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(workspace.resolve("from-env.bin")).exists();
    }

    private void set(String name, String value) {
        var run = CliRun.with(ENV, value, null, "secret", "set", name, "--value-stdin", "-w", workspace.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }
}
