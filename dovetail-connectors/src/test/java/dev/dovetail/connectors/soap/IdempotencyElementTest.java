package dev.dovetail.connectors.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotencyElementTest {

    /** createSalesOrder's sequence in the ERP sandbox's WSDL: idempotencyKey, KHBM, DJRQ, BZ, WBDH, MX. */
    private static final Wsdl.Shape ORDER = new Wsdl.Shape(List.of("idempotencyKey", "KHBM", "DJRQ", "BZ", "WBDH", "MX"), Map.of());

    @Test
    void the_key_is_inserted_where_the_schema_s_sequence_declares_it() {
        var content = ordered("KHBM", "C00003", "MX", List.of());

        var placed = IdempotencyElement.place(content, List.of("idempotencyKey"), "crm-opp-1", ORDER);

        assertThat(placed.keySet()).containsExactly("idempotencyKey", "KHBM", "MX");
        assertThat(placed).containsEntry("idempotencyKey", "crm-opp-1");
        assertThat(content).as("the call's own body is not changed").doesNotContainKey("idempotencyKey");
    }

    @Test
    void an_element_declared_in_the_middle_goes_between_its_neighbours() {
        var shape = new Wsdl.Shape(List.of("KHBM", "requestId", "MX"), Map.of());

        var placed = IdempotencyElement.place(ordered("KHBM", "C1", "MX", "x"), List.of("requestId"), "k", shape);

        assertThat(placed.keySet()).containsExactly("KHBM", "requestId", "MX");
    }

    @Test
    void a_value_the_mapping_already_gave_is_replaced_in_place() {
        var placed = IdempotencyElement.place(ordered("KHBM", "C1", "idempotencyKey", "from-mapping"), List.of("idempotencyKey"), "journal-key", ORDER);

        assertThat(placed.keySet()).containsExactly("KHBM", "idempotencyKey");
        assertThat(placed).containsEntry("idempotencyKey", "journal-key");
    }

    @Test
    void without_a_schema_the_key_goes_first() {
        var placed = IdempotencyElement.place(ordered("a", "1", "b", "2"), List.of("requestId"), "k", Wsdl.Shape.UNKNOWN);

        assertThat(placed.keySet()).containsExactly("requestId", "a", "b");
    }

    @Test
    void a_nested_path_creates_the_missing_parent_at_its_declared_place() {
        var header = new Wsdl.Shape(List.of("requestId", "user"), Map.of());
        var shape = new Wsdl.Shape(List.of("header", "body"), Map.of("header", header));

        var placed = IdempotencyElement.place(ordered("body", Map.of("x", "1")), List.of("header", "requestId"), "k", shape);

        assertThat(placed.keySet()).containsExactly("header", "body");
        assertThat(placed.get("header")).isEqualTo(Map.of("requestId", "k"));
    }

    @Test
    void a_path_through_a_repeated_element_is_refused() {
        assertThatThrownBy(() -> IdempotencyElement.place(ordered("MX", List.of(Map.of(), Map.of())), List.of("MX", "key"), "k", ORDER))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("'MX'").hasMessageContaining("repeated");
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
