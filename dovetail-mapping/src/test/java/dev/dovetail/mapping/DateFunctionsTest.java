package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.engine;
import static dev.dovetail.mapping.Engines.eval;
import static dev.dovetail.mapping.Engines.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine in these tests runs in Asia/Shanghai (+08:00). */
class DateFunctionsTest {

    @Test
    void format_date_uses_the_values_own_offset() {
        assertThat(eval("$formatDate('2026-11-20T10:15:00+08:00', 'yyyyMMdd')", null)).isEqualTo("20261120");
        assertThat(eval("$formatDate('2026-11-20T23:30:00-05:00', 'yyyyMMdd HH:mm')", null)).isEqualTo("20261120 23:30");
        assertThat(eval("$formatDate('2026-11-20T02:00:00Z', 'yyyy-MM-dd HH:mm:ss')", null)).isEqualTo("2026-11-20 02:00:00");
    }

    @Test
    void format_date_converts_to_a_given_zone_first() {
        assertThat(eval("$formatDate('2026-11-20T23:30:00-05:00', 'yyyyMMdd', 'Asia/Shanghai')", null)).isEqualTo("20261121");
        assertThat(eval("$formatDate('2026-11-20T10:15:00+08:00', 'HH:mm XXX', 'UTC')", null)).isEqualTo("02:15 Z");
        assertThat(eval("$formatDate('2026-11-20T10:15:00+08:00', 'HH:mm', '-03:00')", null)).isEqualTo("23:15");
    }

    @Test
    void format_date_reads_local_values_and_plain_dates_in_the_workspace_zone_and_millis_as_instants() {
        assertThat(eval("$formatDate('2026-11-20T10:15:00', 'HH:mm XXX')", null)).isEqualTo("10:15 +08:00");
        assertThat(eval("$formatDate('2026-11-20', 'yyyyMMddHHmm')", null)).isEqualTo("202611200000");
        assertThat(eval("$formatDate(0, 'yyyy-MM-dd HH:mm')", null)).isEqualTo("1970-01-01 08:00");
    }

    @Test
    void parse_date_gives_iso_8601_with_the_workspace_offset() {
        assertThat(eval("$parseDate('20261120', 'yyyyMMdd')", null)).isEqualTo("2026-11-20T00:00:00+08:00");
        assertThat(eval("$parseDate('2026-11-20 10:15:30', 'yyyy-MM-dd HH:mm:ss')", null)).isEqualTo("2026-11-20T10:15:30+08:00");
        assertThat(eval("$parseDate(20261120, 'yyyyMMdd')", null)).isEqualTo("2026-11-20T00:00:00+08:00");
        assertThat(eval("$parseDate('202611', 'yyyyMM')", null)).isEqualTo("2026-11-01T00:00:00+08:00");
        assertThat(eval("$parseDate('2026112010', 'yyyyMMddHH')", null)).isEqualTo("2026-11-20T10:00:00+08:00");
    }

    @Test
    void parse_date_uses_a_given_zone_or_the_offset_in_the_text() {
        assertThat(eval("$parseDate('20261120', 'yyyyMMdd', 'UTC')", null)).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(eval("$parseDate('20260701', 'yyyyMMdd', 'Europe/Berlin')", null)).isEqualTo("2026-07-01T00:00:00+02:00");
        assertThat(eval("$parseDate('2026-11-20 10:15 -0500', 'yyyy-MM-dd HH:mm Z')", null)).isEqualTo("2026-11-20T10:15:00-05:00");
    }

    @Test
    void parse_date_refuses_impossible_dates_and_text_not_matching_the_pattern() {
        var impossible = failure(engine().evaluateExpression("$parseDate('20260230', 'yyyyMMdd')", null));
        assertThat(impossible.code()).isEqualTo("BAD_ARGUMENT");
        assertThat(impossible.message()).startsWith("$parseDate:").contains("\"20260230\"", "\"yyyyMMdd\"");

        var mismatch = failure(engine().evaluateExpression("$parseDate('2026-11-20', 'yyyyMMdd')", null));
        assertThat(mismatch.message()).startsWith("$parseDate:").contains("cannot read");
    }

    @Test
    void convert_zone_keeps_the_instant_and_changes_the_offset() {
        assertThat(eval("$convertZone('2026-11-20T10:15:00+08:00', 'UTC')", null)).isEqualTo("2026-11-20T02:15:00Z");
        assertThat(eval("$convertZone('2026-11-20T02:15:00Z', 'Asia/Shanghai')", null)).isEqualTo("2026-11-20T10:15:00+08:00");
        assertThat(eval("$convertZone('2026-11-20T10:15:00.250+08:00', 'America/New_York')", null)).isEqualTo("2026-11-19T21:15:00.25-05:00");
    }

    @Test
    void absent_dates_stay_absent() {
        assertThat(eval("{ 'a': $formatDate(nothing, 'yyyyMMdd'), 'b': $parseDate(nothing, 'yyyyMMdd'), 'c': $convertZone(nothing, 'UTC') }", Map.of()))
                .isEqualTo(Map.of());
    }

    @Test
    void bad_arguments_fail_naming_the_function() {
        record Case(String expression, String function, String says) {}
        for (var c : List.of(
                new Case("$formatDate('yesterday', 'yyyyMMdd')", "$formatDate:", "not an ISO-8601 date"),
                new Case("$formatDate('2026-11-20T10:15:00+08:00', 'yyyyMMddb')", "$formatDate:", "invalid date pattern"),
                new Case("$formatDate('2026-11-20T10:15:00+08:00', 'yyyyMMdd', 'Asia/Shangai')", "$formatDate:", "unknown time zone"),
                new Case("$formatDate({}, 'yyyyMMdd')", "$formatDate:", "object"),
                new Case("$parseDate('20261120', '')", "$parseDate:", "pattern"),
                new Case("$parseDate('20261120')", "$parseDate:", "2 or 3 arguments"),
                new Case("$convertZone('2026-11-20T10:15:00+08:00', 8)", "$convertZone:", "zone must be a string"),
                new Case("$convertZone('2026-11-20T10:15:00+08:00')", "$convertZone:", "2 arguments"))) {
            var failure = failure(engine().evaluateExpression(c.expression(), null));
            assertThat(failure.code()).as(c.expression()).isEqualTo("BAD_ARGUMENT");
            assertThat(failure.message()).as(c.expression()).startsWith(c.function()).contains(c.says());
        }
    }
}
