package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.engine;
import static dev.dovetail.mapping.Engines.eval;
import static dev.dovetail.mapping.Engines.failure;
import static dev.dovetail.mapping.Engines.mapping;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueMapFunctionsTest {

    @Test
    void a_mapped_value_is_translated_from_the_first_to_the_second_column() {
        assertThat(eval("$valuemap('order-stage', stage)", Map.of("stage", "Closed Won"))).isEqualTo("APPROVED");
        assertThat(eval("$valuemap('country', 'Germany')", null)).isEqualTo("DE01");
    }

    @Test
    void an_unmapped_value_gets_the_default_row_of_the_table() {
        assertThat(eval("$valuemap('order-stage', 'Qualification')", null)).isEqualTo("UNKNOWN");
    }

    @Test
    void an_explicit_default_wins_over_the_default_row() {
        assertThat(eval("$valuemap('order-stage', 'Qualification', 'DRAFT')", null)).isEqualTo("DRAFT");
        assertThat(eval("$valuemap('country', 'Mars', 'ZZ')", null)).isEqualTo("ZZ");
        assertThat(eval("$valuemap('country', 'China', 'ZZ')", null)).isEqualTo("CN01");
    }

    @Test
    void an_unmapped_value_without_any_default_fails_naming_the_table_and_the_value() {
        var engine = engine(mapping("erp/customer.out", "{\n  'LAND': $valuemap('country', country)\n}"));

        var failure = failure(engine.evaluate("erp/customer.out", Map.of("country", "Mars")));

        assertThat(failure.code()).isEqualTo("VALUEMAP_UNMAPPED");
        assertThat(failure.message()).contains("$valuemap", "'country'", "valuemaps/country.csv", "\"Mars\"", "column 'crm'", "default");
        assertThat(failure.mapping()).contains("erp/customer.out");
        assertThat(failure.position()).isPresent();
        assertThat(failure.position().get().line()).isEqualTo(2);
    }

    @Test
    void an_unknown_table_fails_naming_the_known_tables() {
        var failure = failure(engine().evaluateExpression("$valuemap('stages', 'x')", null));

        assertThat(failure.code()).isEqualTo("VALUEMAP_UNKNOWN");
        assertThat(failure.message()).contains("'stages'", "country, order-stage");
    }

    @Test
    void numbers_are_looked_up_by_their_text() {
        assertThat(eval("$valuemap('country', 42)", null)).isEqualTo("X42");
        assertThat(eval("$valuemap('country', 42.0)", null)).isEqualTo("X42");
    }

    @Test
    void an_absent_value_stays_absent() {
        assertThat(eval("{ 'x': $valuemap('country', nothing) }", Map.of())).isEqualTo(Map.of());
    }

    @Test
    void values_map_between_named_columns_in_either_direction() {
        assertThat(eval("$valuemapFrom('country', 'erp', 'crm', 'CN01')", null)).isEqualTo("China");
        assertThat(eval("$valuemapFrom('country', 'iso', 'erp', 'DE')", null)).isEqualTo("DE01");
        assertThat(eval("$valuemapFrom('order-stage', 'erp', 'crm', 'APPROVED')", null)).isEqualTo("Closed Won");
        assertThat(eval("$valuemapFrom('country', 'erp', 'crm', 'XX01', 'Other')", null)).isEqualTo("Other");
    }

    @Test
    void the_default_row_applies_only_from_the_first_to_the_second_column() {
        assertThat(eval("$valuemapFrom('order-stage', 'crm', 'erp', 'Lead')", null)).isEqualTo("UNKNOWN");

        var failure = failure(engine().evaluateExpression("$valuemapFrom('order-stage', 'erp', 'crm', 'WEIRD')", null));
        assertThat(failure.code()).isEqualTo("VALUEMAP_UNMAPPED");
        assertThat(failure.message()).contains("\"WEIRD\"", "column 'erp'");
    }

    @Test
    void an_unknown_column_or_bad_arguments_fail_naming_the_function() {
        var column = failure(engine().evaluateExpression("$valuemapFrom('country', 'sap', 'crm', 'x')", null));
        assertThat(column.code()).isEqualTo("BAD_ARGUMENT");
        assertThat(column.message()).startsWith("$valuemapFrom:").contains("'sap'", "crm, erp, iso");

        var arity = failure(engine().evaluateExpression("$valuemap('country')", null));
        assertThat(arity.code()).isEqualTo("BAD_ARGUMENT");
        assertThat(arity.message()).startsWith("$valuemap:").contains("2 or 3 arguments", "$valuemap(name, value[, default])");

        var name = failure(engine().evaluateExpression("$valuemap(1, 'x')", null));
        assertThat(name.message()).startsWith("$valuemap:").contains("name of a value map", "number 1");

        var value = failure(engine().evaluateExpression("$valuemap('country', ['x'])", null));
        assertThat(value.message()).startsWith("$valuemap:").contains("array");
    }

    @Test
    void value_maps_work_inside_higher_order_functions() {
        assertThat(eval("$map(stages, function($s) { $valuemap('order-stage', $s) })", Map.of("stages", List.of("Proposal", "Negotiation"))))
                .isEqualTo(List.of("DRAFT", "PENDING"));
    }
}
