package dev.dovetail.runtime.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.model.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimetableTest {

    @Test
    void an_interval_ticks_at_its_multiples_since_the_epoch_whenever_asked() {
        var every30s = Timetable.every(Duration.ofSeconds(30));

        assertThat(every30s.nextAfter(Instant.parse("2026-03-01T08:00:07.123Z"))).isEqualTo(Instant.parse("2026-03-01T08:00:30Z"));
        assertThat(every30s.nextAfter(Instant.parse("2026-03-01T08:00:29.999Z"))).isEqualTo(Instant.parse("2026-03-01T08:00:30Z"));
    }

    @Test
    void the_next_tick_is_strictly_after_the_instant_given() {
        var every30s = Timetable.every(Duration.ofSeconds(30));

        assertThat(every30s.nextAfter(Instant.parse("2026-03-01T08:00:30Z"))).isEqualTo(Instant.parse("2026-03-01T08:01:00Z"));
    }

    @Test
    void an_interval_is_evaluated_without_a_cron_evaluator_and_a_cron_expression_is_not() {
        var timetables = Timetables.intervalsOnly();

        assertThat(timetables.of(Schedule.every(Duration.ofMinutes(5)), ZoneOffset.UTC).nextAfter(Instant.parse("2026-03-01T08:01:00Z")))
                .isEqualTo(Instant.parse("2026-03-01T08:05:00Z"));
        assertThatThrownBy(() -> timetables.of(Schedule.cron("0 0 2 * * *"), ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 0 2 * * *");
    }

    @Test
    void a_tick_keeps_its_lease_half_way_to_the_next() {
        var tick = new Tick(Instant.parse("2026-03-01T08:00:00Z"), Instant.parse("2026-03-01T08:00:30Z"));

        assertThat(tick.keepLeaseUntil()).isEqualTo(Instant.parse("2026-03-01T08:00:15Z"));
        assertThat(new Tick(tick.at(), null).keepLeaseUntil()).isEqualTo(tick.at());
    }
}
