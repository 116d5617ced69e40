package dev.dovetail.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SandboxTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Sandbox.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void help_lists_every_registered_system() {
        assertThat(run("--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        for (var system : Sandbox.systems()) {
            assertThat(help).contains("  " + system.name() + " ");
        }
    }

    @Test
    void an_unknown_system_is_a_usage_error() {
        assertThat(run("crn")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown sandbox system 'crn'");
    }

    @Test
    void all_with_one_port_is_a_usage_error() {
        assertThat(run("all", "--port", "9000")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port cannot be used with all");
    }

    @Test
    void no_arguments_prints_usage_and_fails() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
