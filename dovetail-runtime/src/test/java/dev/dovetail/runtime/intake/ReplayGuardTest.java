package dev.dovetail.runtime.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

    private static ReplayMark mark(String signature, Instant expiresAt) {
        return new ReplayMark("shop", "order-placed", signature, expiresAt);
    }

    @Test
    void a_remembered_signature_is_seen_until_it_expires() {
        var guard = new ReplayGuard(10);
        guard.remember(mark("a", T0.plusSeconds(300)), T0);

        assertThat(guard.seen(mark("a", T0.plusSeconds(300)), T0.plusSeconds(299))).isTrue();
        assertThat(guard.seen(mark("a", T0.plusSeconds(300)), T0.plusSeconds(300))).isFalse();
        assertThat(guard.seen(mark("b", T0.plusSeconds(300)), T0)).isFalse();
    }

    @Test
    void expired_marks_are_dropped_when_new_ones_arrive() {
        var guard = new ReplayGuard(10);
        guard.remember(mark("a", T0.plusSeconds(10)), T0);
        guard.remember(mark("b", T0.plusSeconds(20)), T0);

        guard.remember(mark("c", T0.plusSeconds(400)), T0.plusSeconds(15));
        assertThat(guard.size()).isEqualTo(2);
    }

    @Test
    void beyond_its_capacity_the_oldest_marks_are_forgotten() {
        var guard = new ReplayGuard(3);
        for (int i = 0; i < 5; i++) guard.remember(mark("s" + i, T0.plusSeconds(300)), T0);

        assertThat(guard.size()).isEqualTo(3);
        assertThat(guard.seen(mark("s0", T0.plusSeconds(300)), T0)).isFalse();
        assertThat(guard.seen(mark("s4", T0.plusSeconds(300)), T0)).isTrue();
    }

    @Test
    void the_same_signature_for_another_event_is_another_mark() {
        var guard = new ReplayGuard(10);
        guard.remember(mark("a", T0.plusSeconds(300)), T0);

        assertThat(guard.seen(new ReplayMark("shop", "order-updated", "a", T0.plusSeconds(300)), T0)).isFalse();
    }
}
