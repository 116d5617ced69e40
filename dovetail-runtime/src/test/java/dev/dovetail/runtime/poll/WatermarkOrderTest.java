package dev.dovetail.runtime.poll;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WatermarkOrderTest {

    @Test
    void numbers_are_ordered_by_value_not_by_text() {
        assertThat(WatermarkOrder.max("9", "10")).isEqualTo("10");
        assertThat(WatermarkOrder.max("10.5", "10.25")).isEqualTo("10.5");
    }

    @Test
    void date_times_with_offsets_are_ordered_by_instant() {
        assertThat(WatermarkOrder.max("2026-03-01T10:00:00+08:00", "2026-03-01T03:00:00Z")).isEqualTo("2026-03-01T03:00:00Z");
        assertThat(WatermarkOrder.max("2026-03-01T08:00:00.5Z", "2026-03-01T08:00:00.25Z")).isEqualTo("2026-03-01T08:00:00.5Z");
    }

    @Test
    void other_values_are_ordered_as_text_and_null_is_lowest() {
        assertThat(WatermarkOrder.max("20260301 080000", "20260228 235959")).isEqualTo("20260301 080000");
        assertThat(WatermarkOrder.max(null, "a")).isEqualTo("a");
        assertThat(WatermarkOrder.max("a", null)).isEqualTo("a");
    }
}
