package dev.dovetail.runtime.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15), 2.0, 0.0);

    @Test
    void the_wait_doubles_with_each_attempt() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void the_wait_never_exceeds_the_cap() {
        assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoff.delayAfter(500)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void jitter_spreads_waits_below_the_computed_wait_but_never_above_it() {
        Backoff jittered = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(15));
        Random random = new Random(42);
        Set<Duration> waits = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            waits.add(jittered.delayAfter(10, random));
        }
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(Duration.ofSeconds(12), Duration.ofSeconds(15)));
        assertThat(waits).hasSizeGreaterThan(500);
    }

    @Test
    void a_cap_below_the_first_wait_is_refused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0.2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
