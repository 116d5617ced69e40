package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.engine;
import static dev.dovetail.mapping.Engines.failure;
import static dev.dovetail.mapping.Engines.mapping;
import static dev.dovetail.mapping.Engines.output;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class MappingEngineTest {

    @Test
    void a_mapping_is_evaluated_by_name_and_gives_plain_json_values() {
        var engine = engine(mapping("crm/customer.in", "{ 'name': firstName & ' ' & lastName, 'tags': [tag] }"));

        Object out = output(engine.evaluate("crm/customer.in", Map.of("firstName", "Lei", "lastName", "Li", "tag", "vip")));

        assertThat(out).isEqualTo(Map.of("name", "Lei Li", "tags", List.of("vip")));
        assertThat(out).isInstanceOf(LinkedHashMap.class);
        assertThat(((Map<?, ?>) out).get("tags").getClass()).isEqualTo(java.util.ArrayList.class);
        assertThat(engine.mappingNames()).containsExactly("crm/customer.in");
    }

    @Test
    void integral_numbers_come_out_as_long_and_fractions_as_exact_decimals() {
        Object out = output(engine().evaluateExpression(
                "{ 'a': 100.5 * 100, 'b': 3, 'c': 1234.5, 'd': 0.1 + 0.2, 'e': x, 'f': 1e20, 'g': y }",
                Map.of("x", new BigDecimal("1234.50"), "y", 2.50f)));

        var map = (Map<?, ?>) out;
        assertThat(map.get("a")).isEqualTo(10050L);
        assertThat(map.get("b")).isEqualTo(3L);
        assertThat(map.get("c")).isEqualTo(new BigDecimal("1234.5"));
        assertThat(map.get("d")).isEqualTo(new BigDecimal("0.30000000000000004"));
        assertThat(map.get("e")).isEqualTo(new BigDecimal("1234.5"));
        assertThat(map.get("f")).isEqualTo(new BigDecimal("1E+20"));
        assertThat(map.get("g")).isEqualTo(new BigDecimal("2.5"));
    }

    @Test
    void input_numbers_of_any_java_type_work_with_jsonata_functions() {
        Object sorted = output(engine().evaluateExpression("$sort(values)",
                Map.of("values", List.of(5L, 1, new BigDecimal("2.00"), BigInteger.TEN, (short) 3, 7.0))));
        Object ordered = output(engine().evaluateExpression("values^($)",
                Map.of("values", List.of(5L, new BigDecimal("2.5"), 1.5f, BigInteger.TEN, 12_345_678_901L))));

        assertThat(sorted).isEqualTo(List.of(1L, 2L, 3L, 5L, 7L, 10L));
        // jsonata-java's $sort cannot compare decimals with integers; the order-by operator can
        assertThat(ordered).isEqualTo(List.of(new BigDecimal("1.5"), new BigDecimal("2.5"), 5L, 10L, 12_345_678_901L));
    }

    @Test
    void json_null_and_undefined_are_both_null_and_absent_fields_are_left_out() {
        var input = new LinkedHashMap<String, Object>();
        input.put("a", null);
        Object out = output(engine().evaluateExpression("{ 'a': a, 'missing': nothing }", input));

        assertThat(out).isEqualTo(new LinkedHashMap<>(java.util.Collections.singletonMap("a", null)));
        assertThat(output(engine().evaluateExpression("nothing", Map.of()))).isNull();
    }

    @Test
    void an_unknown_mapping_is_a_failure_naming_the_known_ones() {
        var failure = failure(engine(mapping("a", "1"), mapping("b", "2")).evaluate("erp/nope", Map.of()));

        assertThat(failure.code()).isEqualTo("UNKNOWN_MAPPING");
        assertThat(failure.message()).contains("'erp/nope'", "known mappings: a, b");
        assertThat(failure.mapping()).contains("erp/nope");
        assertThat(engine().evaluate(null, Map.of())).isInstanceOf(MappingResult.Failure.class);
    }

    @Test
    void a_mapping_with_a_syntax_error_fails_at_its_line_and_column_on_every_evaluation() {
        var engine = engine(mapping("broken", "{\n  'a': x +\n}"), mapping("fine", "1"));

        var failure = failure(engine.evaluate("broken", Map.of()));

        assertThat(failure.code()).startsWith("S0");
        assertThat(failure.mapping()).contains("broken");
        assertThat(failure.position()).contains(new MappingResult.Position(3, 1));
        assertThat(engine.compileFailures()).containsExactly(failure);
        assertThat(output(engine.evaluate("fine", null))).isEqualTo(1L);
    }

    @Test
    void a_type_error_at_run_time_is_a_failure_with_jsonata_code_and_position() {
        var engine = engine(mapping("m", "{\n  'a': x + 'y'\n}"));

        var failure = failure(engine.evaluate("m", Map.of("x", 1)));

        assertThat(failure.code()).isEqualTo("T2002");
        assertThat(failure.message()).contains("+");
        assertThat(failure.position()).isPresent();
        assertThat(failure.position().get().line()).isEqualTo(2);
        assertThat(failure.format()).startsWith("m:2:").endsWith("[T2002]");
    }

    @Test
    void calling_an_unknown_function_is_a_failure_not_an_exception() {
        var failure = failure(engine().evaluateExpression("$nope(1)", null));

        assertThat(failure.code()).isEqualTo("T1006");
        assertThat(failure.mapping()).isEmpty();
    }

    @Test
    void input_that_is_not_json_like_is_a_bad_input_failure() {
        var failure = failure(engine().evaluateExpression("a", Map.of("a", Map.of("when", Instant.EPOCH))));

        assertThat(failure.code()).isEqualTo("BAD_INPUT");
        assertThat(failure.message()).contains("$.a.when", "java.time.Instant");
    }

    @Test
    void a_function_in_the_result_is_a_bad_result_failure() {
        var failure = failure(engine().evaluateExpression("{ 'f': function($x) { $x } }", null));

        assertThat(failure.code()).isEqualTo("BAD_RESULT");
        assertThat(failure.message()).contains("$.f", "function");
    }

    @Test
    void the_input_is_not_modified_by_an_evaluation() {
        var lines = new java.util.ArrayList<Object>(List.of(new LinkedHashMap<>(Map.of("qty", 1))));
        var input = new LinkedHashMap<String, Object>(Map.of("lines", lines));

        output(engine().evaluateExpression("$ ~> | lines | { 'qty': qty + 1 } |", input));

        assertThat(input).isEqualTo(Map.of("lines", List.of(Map.of("qty", 1))));
    }

    @Test
    void inline_expressions_are_parsed_once_and_reused() {
        var engine = engine();
        for (int i = 0; i < 3; i++) {
            assertThat(output(engine.evaluateExpression("a * 2", Map.of("a", i)))).isEqualTo(2L * i);
        }
        assertThat(failure(engine.evaluateExpression("a *", Map.of())).code()).isEqualTo("S0207");
    }

    @Test
    void now_is_the_evaluation_time_on_every_thread_and_stable_within_one_evaluation() throws Exception {
        var engine = engine(mapping("clock", "{ 'same': $now() = $now(), 'millis': $millis(), 'day': $now('[Y0001]-[M01]-[D01]', '+0800') }"));

        try (var pool = Executors.newSingleThreadExecutor()) {
            for (int i = 0; i < 3; i++) { // the same pool thread evaluates again after the clock moved on
                waitForTheClockToTick();
                long before = System.currentTimeMillis();
                var out = (Map<?, ?>) output(pool.submit(() -> engine.evaluate("clock", null)).get());
                long after = System.currentTimeMillis();

                assertThat(out.get("same")).isEqualTo(true);
                assertThat((Long) out.get("millis")).isBetween(before, after);
                assertThat((String) out.get("day")).matches("\\d{4}-\\d{2}-\\d{2}");
            }
        }
    }

    private static void waitForTheClockToTick() {
        long start = System.currentTimeMillis();
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.currentTimeMillis() == start && System.nanoTime() < deadline) Thread.onSpinWait();
    }

    @Test
    void the_failure_format_names_mapping_position_and_code() {
        var failure = new MappingResult.Failure("X", "went wrong", Optional.of("erp/order.out"), Optional.of(new MappingResult.Position(4, 14)));

        assertThat(failure.format()).isEqualTo("erp/order.out:4:14: went wrong [X]");
        assertThat(new MappingResult.Failure("X", "m", Optional.empty(), Optional.empty()).format()).isEqualTo("expression: m [X]");
    }
}
