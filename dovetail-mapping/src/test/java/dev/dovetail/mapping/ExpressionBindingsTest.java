package dev.dovetail.mapping;

import static dev.dovetail.mapping.Engines.engine;
import static dev.dovetail.mapping.Engines.failure;
import static dev.dovetail.mapping.Engines.json;
import static dev.dovetail.mapping.Engines.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Extra variables bound for an inline expression, as a flow's enrich step binds {@code $answer}. */
class ExpressionBindingsTest {

    final MappingEngine engine = engine();

    @Test
    void a_binding_is_read_as_a_variable_beside_the_input() {
        var merged = output(engine.evaluateExpression("$merge([$, {\"KHMC\": $answer.name}])",
                json("{\"XSDDH\":\"OPP-1\"}"), Map.of("answer", json("{\"name\":\"Acme\",\"vip\":true}"))));

        assertThat(JsonValues.render(merged)).isEqualTo("{\"XSDDH\":\"OPP-1\",\"KHMC\":\"Acme\"}");
    }

    @Test
    void bindings_do_not_leak_into_later_evaluations_of_the_same_expression() {
        assertThat(output(engine.evaluateExpression("$answer", null, Map.of("answer", 1L)))).isEqualTo(1L);

        assertThat(output(engine.evaluateExpression("$answer", null))).isNull();
        assertThat(output(engine.evaluateExpression("$answer", null, Map.of("answer", 2L)))).isEqualTo(2L);
    }

    @Test
    void dovetail_functions_still_work_with_bindings() {
        assertThat(output(engine.evaluateExpression("$valuemap('order-stage', $answer)", null, Map.of("answer", "Closed Won"))))
                .isEqualTo("APPROVED");
    }

    @Test
    void a_binding_that_is_not_json_like_is_a_bad_input_failure() {
        var failed = failure(engine.evaluateExpression("$answer", null, Map.of("answer", new Object())));

        assertThat(failed.code()).isEqualTo("BAD_INPUT");
        assertThat(failed.message()).startsWith("$answer: ");
    }

    @Test
    void a_binding_name_must_be_a_variable_name() {
        assertThatThrownBy(() -> engine.evaluateExpression("1", null, Map.of("not a name", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
