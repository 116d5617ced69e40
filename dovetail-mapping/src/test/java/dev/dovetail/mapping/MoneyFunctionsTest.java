package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.engine;
import static dev.dovetail.mapping.Engines.eval;
import static dev.dovetail.mapping.Engines.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MoneyFunctionsTest {

    @Test
    void amounts_become_integer_minor_units_without_float_artefacts() {
        assertThat(eval("$toMinor(1234.5)", null)).isEqualTo(123450L);
        assertThat(eval("$toMinor(100.5)", null)).isEqualTo(10050L);
        assertThat(eval("$toMinor(933.0)", null)).isEqualTo(93300L);
        assertThat(eval("$toMinor(1.15)", null)).isEqualTo(115L); // 1.15 * 100 = 114.99999999999999 in doubles
        assertThat(eval("$toMinor(0.07)", null)).isEqualTo(7L);
    }

    @Test
    void half_a_minor_unit_rounds_up_away_from_zero() {
        assertThat(eval("$toMinor(0.285)", null)).isEqualTo(29L);
        assertThat(eval("$toMinor(1.005)", null)).isEqualTo(101L);
        assertThat(eval("$toMinor(-1.005)", null)).isEqualTo(-101L);
        assertThat(eval("$toMinor(0.004)", null)).isEqualTo(0L);
    }

    @Test
    void digits_choose_the_minor_unit_and_text_amounts_are_accepted() {
        assertThat(eval("$toMinor(12.3456, 3)", null)).isEqualTo(12346L);
        assertThat(eval("$toMinor(99.5, 0)", null)).isEqualTo(100L);
        assertThat(eval("$toMinor(' 1234.50 ')", null)).isEqualTo(123450L);
        assertThat(eval("$toMinor(amount)", Map.of("amount", new BigDecimal("19.99")))).isEqualTo(1999L);
    }

    @Test
    void minor_units_become_decimal_amounts() {
        assertThat(eval("$fromMinor(123450)", null)).isEqualTo(new BigDecimal("1234.5"));
        assertThat(eval("$fromMinor(10050)", null)).isEqualTo(new BigDecimal("100.5"));
        assertThat(eval("$fromMinor(10000)", null)).isEqualTo(100L);
        assertThat(eval("$fromMinor(7)", null)).isEqualTo(new BigDecimal("0.07"));
        assertThat(eval("$fromMinor(12346, 3)", null)).isEqualTo(new BigDecimal("12.346"));
        assertThat(eval("$fromMinor('1999')", null)).isEqualTo(new BigDecimal("19.99"));
        assertThat(eval("$fromMinor(10050) * 2", null)).isEqualTo(201L);
    }

    @Test
    void a_round_trip_gives_the_same_minor_units() {
        assertThat(eval("$map([1, 10, 99, 12345, 100000001], function($f) { $toMinor($fromMinor($f)) })", null))
                .isEqualTo(List.of(1L, 10L, 99L, 12345L, 100000001L));
    }

    @Test
    void absent_amounts_stay_absent() {
        assertThat(eval("{ 'a': $toMinor(nothing), 'b': $fromMinor(nothing) }", Map.of())).isEqualTo(Map.of());
    }

    @Test
    void bad_arguments_fail_naming_the_function() {
        record Case(String expression, String function, String says) {}
        for (var c : List.of(
                new Case("$toMinor('12,5')", "$toMinor:", "must be a number"),
                new Case("$toMinor(true)", "$toMinor:", "boolean"),
                new Case("$toMinor(1, -1)", "$toMinor:", "digits"),
                new Case("$toMinor(1, 2.5)", "$toMinor:", "digits"),
                new Case("$toMinor(1e30)", "$toMinor:", "too large"),
                new Case("$toMinor()", "$toMinor:", "1 or 2 arguments"),
                new Case("$fromMinor(12.5)", "$fromMinor:", "whole number"),
                new Case("$fromMinor([1])", "$fromMinor:", "array"))) {
            var failure = failure(engine().evaluateExpression(c.expression(), null));
            assertThat(failure.code()).as(c.expression()).isEqualTo("BAD_ARGUMENT");
            assertThat(failure.message()).as(c.expression()).startsWith(c.function()).contains(c.says());
        }
    }
}
