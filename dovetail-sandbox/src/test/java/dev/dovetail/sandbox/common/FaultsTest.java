package dev.dovetail.sandbox.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-20T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final Stats stats = new Stats();
    private final Faults faults = new Faults(stats, clock);

    @Test
    void exactly_the_next_n_requests_fail_with_the_chosen_status() {
        faults.configure(Map.of("failNext", 2, "status", 500));
        assertThat(faults.apply()).get().extracting(Faults.Injected::status).isEqualTo(500);
        assertThat(faults.apply()).isPresent();
        assertThat(faults.apply()).isEmpty();
        assertThat(stats.get("faults.failed")).isEqualTo(2);
    }

    @Test
    void down_answers_503_with_the_remaining_seconds_until_the_window_closes() {
        faults.configure(Map.of("downForSeconds", 30));
        assertThat(faults.apply()).get().isEqualTo(new Faults.Injected(503, "down", 30));
        clock.now = clock.now.plus(Duration.ofSeconds(29)).plusMillis(500);
        assertThat(faults.apply()).get().extracting(Faults.Injected::retryAfterSeconds).isEqualTo(1L);
        clock.now = clock.now.plusSeconds(1);
        assertThat(faults.apply()).isEmpty();
        assertThat(faults.isDown()).isFalse();
    }

    @Test
    void settings_merge_and_clear_resets_everything() {
        faults.configure(Map.of("latencyMs", 5));
        faults.configure(Map.of("failNext", 1));
        assertThat(faults.snapshot()).containsEntry("latencyMs", 5L).containsEntry("failNext", 1).containsEntry("status", 503);
        faults.clear();
        assertThat(faults.snapshot()).containsEntry("latencyMs", 0L).containsEntry("failNext", 0);
    }

    @Test
    void unknown_or_negative_settings_are_rejected() {
        assertThatThrownBy(() -> faults.configure(Map.of("failnext", 1))).hasMessageContaining("unknown fault setting");
        assertThatThrownBy(() -> faults.configure(Map.of("latencyMs", -1))).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> faults.configure(Map.of("failNext", 1, "status", 42))).hasMessageContaining("HTTP status");
    }
}
