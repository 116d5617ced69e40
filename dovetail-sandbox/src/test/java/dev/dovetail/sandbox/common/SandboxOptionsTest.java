package dev.dovetail.sandbox.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void values_flags_and_repeated_options_are_parsed() {
        var options = SandboxOptions.parse(List.of("--port", "0", "--state=data/x", "--seed",
                "--webhook", "http://a/1", "--webhook", "opportunity.won=http://b/2"));
        assertThat(options.port()).hasValue(0);
        assertThat(options.state()).contains(Path.of("data/x"));
        assertThat(options.flag("seed")).isTrue();
        assertThat(options.flag("other")).isFalse();
        assertThat(options.values("webhook")).containsExactly("http://a/1", "opportunity.won=http://b/2");
    }

    @Test
    void a_bad_port_or_a_stray_argument_is_a_usage_error() {
        assertThatThrownBy(() -> SandboxOptions.parse(List.of("--port", "x"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> SandboxOptions.parse(List.of("--port", "70000"))).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> SandboxOptions.parse(List.of("crm"))).hasMessageContaining("unexpected argument");
    }

    @Test
    void an_option_wins_over_the_environment_and_the_default_comes_last() {
        var options = SandboxOptions.defaults().with("client-secret", "given");
        assertThat(options.valueOrEnv("client-secret", "SANDBOX_TEST_UNSET_VARIABLE", "default")).isEqualTo("given");
        assertThat(SandboxOptions.defaults().valueOrEnv("client-secret", "SANDBOX_TEST_UNSET_VARIABLE", "default"))
                .isEqualTo("default");
    }
}
