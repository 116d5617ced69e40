package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.json;
import static dev.dovetail.mapping.Engines.mapping;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.Fixture;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FixtureRunnerTest {
    final MappingEngine engine = Engines.engine(mapping("erp/order.out", BenchOrderMappingTest.ORDER_OUT));
    final FixtureRunner runner = new FixtureRunner(engine);

    static Fixture fixture(String name, int line, Object input, Object expected) {
        return new Fixture(name, "tests/orders.yaml", line, "erp/order.out", input, expected);
    }

    @Test
    void a_matching_expectation_passes_whatever_the_key_order_and_number_type() {
        var expected = new LinkedHashMap<String, Object>();
        expected.put("MX", List.of(Map.of("DJ_FEN", 10050.0, "SL", 3, "WLBM", "SKU-1"), Map.of("DJ_FEN", new BigDecimal("93300.00"), "SL", 1L, "WLBM", "SKU-2")));
        expected.put("ZT", "APPROVED");
        expected.put("BZ", "CNY");
        expected.put("JE_FEN", 123450);
        expected.put("DJRQ", "20261120");
        expected.put("KHBM", "C00042");
        expected.put("XSDDH", "OPP-000123");

        var result = runner.run(fixture("order won", 3, json(BenchOrderMappingTest.EXAMPLE_EVENT), expected));

        assertThat(result).isInstanceOf(FixtureResult.Passed.class);
    }

    @Test
    void a_wrong_expectation_fails_with_one_line_per_differing_json_path() {
        var expected = (Map<String, Object>) json(BenchOrderMappingTest.EXAMPLE_ORDER);
        expected.put("JE_FEN", 123451);
        ((Map<String, Object>) ((List<?>) expected.get("MX")).get(0)).put("DJ_FEN", 10051);
        expected.remove("BZ");
        expected.put("REMARK", "rush");
        expected.put("MX", List.of(((List<?>) expected.get("MX")).get(0)));

        var result = runner.run(fixture("order won", 12, json(BenchOrderMappingTest.EXAMPLE_EVENT), expected));

        assertThat(result).isInstanceOf(FixtureResult.Failed.class);
        var failed = (FixtureResult.Failed) result;
        assertThat(failed.differences()).extracting(Difference::describe).containsExactly(
                "$.JE_FEN: expected 123451, got 123450",
                "$.MX[0].DJ_FEN: expected 10051, got 10050",
                "$.MX[1]: unexpected {\"WLBM\":\"SKU-2\",\"SL\":1,\"DJ_FEN\":93300}",
                "$.REMARK: missing (expected \"rush\")",
                "$.BZ: unexpected \"CNY\"");
    }

    @Test
    void differences_name_odd_keys_and_type_changes_clearly() {
        assertThat(JsonValues.diff(Map.of("a b", 1, "n", "1"), Map.of("a b", true, "n", 1)))
                .extracting(Difference::describe)
                .containsExactlyInAnyOrder("$[\"a b\"]: expected 1, got true", "$.n: expected \"1\", got 1");
        assertThat(JsonValues.diff(List.of(1), Map.of())).extracting(Difference::describe).containsExactly("$: expected [1], got {}");
        var withNull = new LinkedHashMap<String, Object>();
        withNull.put("a", null);
        assertThat(JsonValues.diff(withNull, Map.of())).extracting(Difference::describe).containsExactly("$.a: missing (expected null)");
    }

    @Test
    void a_mapping_failure_is_an_error_result() {
        var input = (Map<String, Object>) json(BenchOrderMappingTest.EXAMPLE_EVENT);
        input.put("closeDate", "soon");

        var result = runner.run(fixture("bad date", 20, input, Map.of()));

        assertThat(result).isInstanceOf(FixtureResult.Errored.class);
        assertThat(((FixtureResult.Errored) result).failure().message()).startsWith("$formatDate:");
    }

    @Test
    void the_report_lists_each_fixture_with_its_file_and_line_the_differences_and_a_summary() {
        var good = json(BenchOrderMappingTest.EXAMPLE_ORDER);
        var wrong = (Map<String, Object>) json(BenchOrderMappingTest.EXAMPLE_ORDER);
        wrong.put("ZT", "CANCELLED");
        var badInput = (Map<String, Object>) json(BenchOrderMappingTest.EXAMPLE_EVENT);
        badInput.put("amount", "lots");
        var event = json(BenchOrderMappingTest.EXAMPLE_EVENT);

        var report = runner.run(List.of(
                fixture("order won", 3, event, good),
                fixture("stage is mapped", 14, event, wrong),
                fixture("bad amount", 25, badInput, good),
                new Fixture("no such mapping", "tests/other.yaml", 2, "erp/nope", Map.of(), Map.of())));

        assertThat(report.passed()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.errored()).isEqualTo(2);
        assertThat(report.allPassed()).isFalse();
        assertThat(report.formatReport()).isEqualTo("""
                PASS  order won  (tests/orders.yaml:3)
                FAIL  stage is mapped  (tests/orders.yaml:14)
                      mapping erp/order.out
                      $.ZT: expected "CANCELLED", got "APPROVED"
                ERROR bad amount  (tests/orders.yaml:25)
                      mapping erp/order.out
                      %s
                ERROR no such mapping  (tests/other.yaml:2)
                      mapping erp/nope
                      erp/nope: there is no mapping 'erp/nope' (mappings/erp/nope.jsonata); known mappings: erp/order.out [UNKNOWN_MAPPING]

                4 fixtures: 1 passed, 1 failed, 2 errors""".formatted(((FixtureResult.Errored) report.results().get(2)).failure().format()));
        assertThat(((FixtureResult.Errored) report.results().get(2)).failure().format())
                .startsWith("erp/order.out:5:").contains("$toMinor: the amount must be a number, got string \"lots\"").endsWith("[BAD_ARGUMENT]");
    }

    @Test
    void an_all_passing_run_says_so() {
        var report = runner.run(List.of(fixture("order won", 3, json(BenchOrderMappingTest.EXAMPLE_EVENT), json(BenchOrderMappingTest.EXAMPLE_ORDER))));

        assertThat(report.allPassed()).isTrue();
        assertThat(report.summary()).isEqualTo("1 fixture: 1 passed, 0 failed, 0 errors");
    }
}
