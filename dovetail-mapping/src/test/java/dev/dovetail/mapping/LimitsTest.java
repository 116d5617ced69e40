package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.failure;
import static dev.dovetail.mapping.Engines.mapping;
import static dev.dovetail.mapping.Engines.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.Mapping;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsTest {
    static final String DEEP = "($f := function($n) { $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(n))";
    static final String ENDLESS = "($loop := function($n) { $loop($n + 1) }; $loop(0))";

    static MappingEngine engine(MappingLimits limits, Mapping... mappings) {
        return new MappingEngine(List.of(mappings), List.of(), Engines.SHANGHAI, limits);
    }

    @Test
    void recursion_within_the_depth_limit_works() {
        var engine = engine(MappingLimits.DEFAULT, mapping("deep", DEEP));

        assertThat(output(engine.evaluate("deep", Map.of("n", 25)))).isEqualTo(25L);
    }

    @Test
    void endless_recursion_fails_fast_with_a_depth_limit_failure() {
        var engine = engine(MappingLimits.DEFAULT, mapping("deep", DEEP));

        long start = System.nanoTime();
        var failure = failure(engine.evaluate("deep", Map.of("n", 1_000_000)));

        assertThat(failure.code()).isEqualTo("LIMIT_DEPTH");
        assertThat(failure.isLimitExceeded()).isTrue();
        assertThat(failure.message()).startsWith("limit exceeded").contains("100", "maxDepth");
        assertThat(failure.mapping()).contains("deep");
        assertThat(failure.position()).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void an_endless_loop_fails_with_a_timeout_failure_soon_after_the_time_limit() {
        var engine = engine(new MappingLimits(Duration.ofMillis(300), 100), mapping("loop", ENDLESS));

        long start = System.nanoTime();
        var failure = failure(engine.evaluate("loop", null));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure.code()).isEqualTo("LIMIT_TIMEOUT");
        assertThat(failure.message()).startsWith("limit exceeded").contains("300 ms", "mapping.timeout");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofMillis(300 + 1500));
    }

    @Test
    void a_loop_that_would_run_ten_seconds_is_stopped_by_the_default_limit() {
        // about 10^7 steps of a tail-recursive loop: many seconds of work, stopped after 2 s
        var engine = engine(MappingLimits.DEFAULT, mapping("count",
                "($count := function($i, $acc) { $i = 0 ? $acc : $count($i - 1, $acc + $i) }; $count(10000000, 0))"));

        long start = System.nanoTime();
        var failure = failure(engine.evaluate("count", null));

        assertThat(failure.code()).isEqualTo("LIMIT_TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000 + 1500));
    }

    @Test
    void a_depth_limit_beyond_the_java_stack_still_ends_in_a_depth_failure() {
        var engine = engine(new MappingLimits(Duration.ofSeconds(10), 10_000_000), mapping("deep", DEEP));

        var failure = failure(engine.evaluate("deep", Map.of("n", 10_000_000)));

        assertThat(failure.code()).isEqualTo("LIMIT_DEPTH");
        assertThat(failure.message()).startsWith("limit exceeded");
    }

    @Test
    void the_engine_keeps_working_on_the_same_thread_after_a_limit_failure() {
        var engine = engine(new MappingLimits(Duration.ofMillis(200), 100), mapping("loop", ENDLESS), mapping("deep", DEEP),
                mapping("plain", "{ 'x': a.b }"));

        failure(engine.evaluate("loop", null));
        failure(engine.evaluate("deep", Map.of("n", 1000)));

        assertThat(output(engine.evaluate("plain", Map.of("a", Map.of("b", 1))))).isEqualTo(Map.of("x", 1L));
        assertThat(output(engine.evaluate("deep", Map.of("n", 3)))).isEqualTo(3L);
    }

    @Test
    void limits_must_be_positive() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new MappingLimits(Duration.ZERO, 10));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new MappingLimits(Duration.ofSeconds(1), 0));
    }
}
