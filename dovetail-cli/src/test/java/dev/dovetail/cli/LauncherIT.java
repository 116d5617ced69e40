package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real launcher {@code ./dovetail} as a user would, as a separate process, against the showcase
 * workspace and broken copies of it. The CLI jar under test comes from this build (DOVETAIL_CLI_JAR), so
 * the launcher does not build anything.
 */
class LauncherIT {
    private static final Path HOME = Path.of(System.getProperty("dovetail.home", "..")).toAbsolutePath().normalize();
    private static final Path LAUNCHER = HOME.resolve("dovetail");
    private static final Path SHOWCASE = HOME.resolve("examples/showcase");
    private static final String CLI_JAR = System.getProperty("dovetail.cli.jar");
    /** The secrets the showcase's systems refer to, given the way CI gives them: as variables. */
    private static final Map<String, String> SHOWCASE_SECRETS = Map.of(
            "DOVETAIL_SECRET_CRM_CLIENT_SECRET", "crm-secret-for-tests",
            "DOVETAIL_SECRET_CRM_WEBHOOK_SECRET", "webhook-secret-for-tests",
            "DOVETAIL_SECRET_ERP_PASSWORD", "erp-password-for-tests");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void the_jar_under_test_is_built() {
        assertThat(CLI_JAR).as("system property dovetail.cli.jar (set by the pom)").isNotNull();
        assertThat(Path.of(CLI_JAR)).exists();
        assertThat(SHOWCASE.resolve("dovetail.yaml")).exists();
    }

    @Test
    void the_showcase_workspace_is_valid() throws Exception {
        var run = launch(HOME, "validate", "examples/showcase");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("examples/showcase: valid, 0 errors");
    }

    @Test
    void a_workspace_path_is_taken_relative_to_the_callers_folder() throws Exception {
        var run = launch(SHOWCASE.resolve("mappings"), "validate", "..");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("..: valid");
    }

    @Test
    void validate_reports_a_broken_workspace_at_file_line_and_column_and_exits_1() throws Exception {
        Path broken = copyOfShowcase("broken-validate");
        Files.writeString(broken.resolve("flows/zz-broken.yaml"), """
                description: a flow with mistakes on purpose
                trigger:
                  event: no-such-system.order-won
                steps:
                  - deliver: no-such-system.createOrder
                """);

        var run = launch(tmp, "validate", broken.getFileName().toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^broken-validate/flows/zz-broken\\.yaml:[35](:\\d+)?: error \\[[a-z-]+]: .*no-such-system");
        assertThat(run.out()).contains("broken-validate: invalid,");
    }

    @Test
    void without_its_secrets_the_showcase_validates_with_a_warning_that_says_how_to_set_them() throws Exception {
        var run = launch(HOME, Map.of(), "", "validate", "examples/showcase");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("(?m)^examples/showcase/systems/erp\\.yaml:\\d+:\\d+: warning \\[unresolved-secret]")
                .contains("./dovetail secret set erp-password");
    }

    @Test
    void with_require_secrets_a_missing_secret_is_an_error_as_for_the_server() throws Exception {
        var run = launch(HOME, Map.of(), "", "validate", "--require-secrets", "examples/showcase");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^examples/showcase/systems/erp\\.yaml:\\d+:\\d+: error \\[unresolved-secret]");
    }

    @Test
    void secrets_set_through_the_launcher_make_the_showcase_valid() throws Exception {
        Path copy = copyOfShowcase("with-store");
        var keygen = launch(tmp, Map.of(), "", "secret", "keygen");
        assertThat(keygen.exitCode()).as(keygen.all()).isZero();
        var env = Map.of("DOVETAIL_MASTER_KEY", keygen.out().strip());

        for (String name : List.of("crm-client-secret", "crm-webhook-secret", "erp-password")) {
            var set = launch(copy, env, "value-of-" + name + "\n", "secret", "set", name, "--value-stdin");
            assertThat(set.exitCode()).as(set.all()).isZero();
        }
        var list = launch(tmp, env, "", "secret", "list", "--workspace", "with-store");
        var validate = launch(tmp, env, "", "validate", "--require-secrets", "with-store");

        assertThat(list.out().lines()).containsExactly("crm-client-secret", "crm-webhook-secret", "erp-password");
        assertThat(validate.exitCode()).as(validate.all()).isZero();
    }

    @Test
    void secret_commands_without_a_master_key_exit_2_with_a_clear_message() throws Exception {
        var run = launch(HOME, Map.of(), "", "secret", "list", "-w", "examples/showcase");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("DOVETAIL_MASTER_KEY is not set");
    }

    @Test
    void validate_can_print_json_for_tools() throws Exception {
        var run = launch(HOME, "validate", "--format", "json", "examples/showcase");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out().strip()).startsWith("{\"workspace\":\"examples/showcase\"").contains("\"valid\":true").endsWith("}");
    }

    @Test
    void the_showcase_fixtures_pass() throws Exception {
        var run = launch(HOME, "test", "examples/showcase");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("\\d+ passed");
    }

    @Test
    void a_wrong_expectation_fails_the_test_run_with_a_diff_at_the_fixtures_place() throws Exception {
        Path broken = copyOfShowcase("broken-test");
        String mapping = anyMappingName(broken);
        Files.writeString(broken.resolve("tests/zz-wrong.yaml"), """
                tests:
                  - name: expects what the mapping never gives
                    mapping: %s
                    input: {}
                    expected:
                      surely: not this
                """.formatted(mapping));

        var run = launch(tmp, "test", "broken-test");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("expects what the mapping never gives").containsPattern("tests/zz-wrong\\.yaml:2");
        assertThat(run.out()).contains("surely");
    }

    @Test
    void test_on_an_invalid_workspace_prints_its_problems_and_exits_1() throws Exception {
        Path broken = copyOfShowcase("broken-for-test");
        Files.writeString(broken.resolve("flows/zz-broken.yaml"), "trigger:\n  event: no-such-system.x\nsteps: []\n");

        var run = launch(tmp, "test", "broken-for-test");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("broken-for-test/flows/zz-broken\\.yaml:\\d+");
    }

    @Test
    void usage_errors_exit_2() throws Exception {
        assertThat(launch(HOME, "validate").exitCode()).isEqualTo(2);
        assertThat(launch(HOME, "validate", "examples/no-such-workspace").exitCode()).isEqualTo(2);
        assertThat(launch(HOME, "validate", "examples/showcase", "--bogus").exitCode()).isEqualTo(2);
        assertThat(launch(HOME, "test").exitCode()).isEqualTo(2);
        assertThat(launch(HOME, "frobnicate").exitCode()).isEqualTo(2);
        assertThat(launch(HOME, "run").exitCode()).isEqualTo(2);
        assertThat(launch(HOME, "demo", "--bogus").exitCode()).isEqualTo(2);
        assertThat(launch(HOME, "demo", "--help").exitCode()).isZero();
    }

    @Test
    void help_lists_the_commands_and_exits_0() throws Exception {
        var run = launch(tmp, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("run --workspace DIR").contains("validate DIR").contains("test DIR").contains("secret");
    }

    private record Result(int exitCode, String out, String err) {
        String all() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Result launch(Path workingDir, String... args) throws IOException, InterruptedException {
        return launch(workingDir, SHOWCASE_SECRETS, "", args);
    }

    private static Result launch(Path workingDir, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Path in = Files.writeString(Files.createTempFile(tmp, "in", ".txt"), stdin);
        var builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(in.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DOVETAIL_"));
        builder.environment().putAll(env);
        builder.environment().put("DOVETAIL_CLI_JAR", CLI_JAR);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./dovetail " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path copyOfShowcase(String name) throws IOException {
        Path target = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(SHOWCASE)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(SHOWCASE.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(copy);
                else Files.copy(source, copy);
            }
        }
        Files.createDirectories(target.resolve("flows"));
        Files.createDirectories(target.resolve("tests"));
        return target;
    }

    private static String anyMappingName(Path workspace) throws IOException {
        Path mappings = workspace.resolve("mappings");
        try (Stream<Path> files = Files.walk(mappings)) {
            Path first = files.filter(p -> p.toString().endsWith(".jsonata")).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("the showcase has no mapping"));
            String relative = mappings.relativize(first).toString().replace('\\', '/');
            return relative.substring(0, relative.length() - ".jsonata".length());
        }
    }
}
