package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DovetailCliTest {

    @Test
    void no_command_is_a_usage_error_that_lists_the_commands() {
        var run = CliRun.run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Name a command").contains("validate").contains("test").contains("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "validate --help", "test --help", "secret --help", "secret set --help",
            "secret list --help", "secret remove --help", "secret keygen --help", "help validate"})
    void every_command_explains_itself_with_help(String args) {
        var run = CliRun.run(args.split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: dovetail");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void version_names_the_release_and_the_java_running_it() {
        var run = CliRun.run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("dovetail ").contains("Java " + Runtime.version().feature());
    }

    @Test
    void an_unknown_command_is_a_usage_error() {
        var run = CliRun.run("deploy");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("deploy");
    }

    @Test
    void validate_without_a_folder_is_a_usage_error() {
        var run = CliRun.run("validate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'DIR'").contains("Usage: dovetail validate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "test"})
    void a_folder_that_does_not_exist_is_a_usage_error(String command, @TempDir Path tmp) {
        var missing = tmp.resolve("no-such-workspace").toString();

        var run = CliRun.run(command, missing);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Workspace folder not found: " + missing);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_file_in_place_of_the_folder_is_a_usage_error(@TempDir Path tmp) throws Exception {
        var file = Files.writeString(tmp.resolve("dovetail.yaml"), "name: x\n").toString();

        var run = CliRun.run("validate", file);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Not a folder: " + file);
    }

    @Test
    void an_unknown_option_is_a_usage_error(@TempDir Path tmp) {
        var run = CliRun.run("validate", tmp.toString(), "--strict");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--strict'");
    }

    @Test
    void an_unknown_format_is_a_usage_error_naming_the_choices(@TempDir Path tmp) {
        var run = CliRun.run("validate", "--format", "xml", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("text, json");
    }
}
