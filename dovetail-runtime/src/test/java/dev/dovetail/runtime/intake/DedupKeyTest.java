package dev.dovetail.runtime.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Record keys from the event's key path, and dedup keys from key + version or key + payload hash. */
class DedupKeyTest extends IntakeTestSupport {

    private InboundEvent order(String json) {
        return accepted(receive(IntakeFixture.signedOrder(json, NOW))).event();
    }

    private IntakeDecision signed(String event, String json) {
        byte[] body = json.getBytes(UTF_8);
        return receive(IntakeFixture.request("shop", event, "application/json", IntakeFixture.signedHeaders(NOW, body), body, NOW));
    }

    private IntakeDecision updated(String json) {
        byte[] body = json.getBytes(UTF_8);
        String ts = Long.toString(NOW.getEpochSecond());
        String signature = Base64.getEncoder().encodeToString(IntakeFixture.hmac(IntakeFixture.SHOP_SECRET, (ts + ".").getBytes(UTF_8), body));
        return receive(IntakeFixture.request("shop", "order-updated", "application/json",
                Map.of(IntakeFixture.SIGNATURE_HEADER, List.of(signature), IntakeFixture.TIMESTAMP_HEADER, List.of(ts)), body, NOW));
    }

    @Test
    void the_record_key_is_read_from_a_dotted_path() {
        assertThat(order("{\"order\":{\"id\":\"SO-1\"}}").recordKey()).isEqualTo("SO-1");
    }

    @Test
    void a_numeric_key_becomes_its_plain_text() {
        assertThat(order("{\"order\":{\"id\":4711}}").recordKey()).isEqualTo("4711");
        assertThat(order("{\"order\":{\"id\":4711.0}}").recordKey()).isEqualTo("4711");
    }

    @Test
    void an_array_index_in_the_path_picks_one_element() {
        assertThat(accepted(signed("line-added", "{\"data\":[{\"id\":\"L-1\"},{\"id\":\"L-2\"}]}")).event().recordKey()).isEqualTo("L-1");
    }

    @Test
    void a_path_beyond_a_simple_one_is_evaluated_as_jsonata() {
        var event = accepted(signed("bundle-changed", "{\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\"}]}")).event();

        assertThat(event.recordKey()).isEqualTo("A+B");
    }

    @Test
    void a_missing_key_is_refused_with_422_naming_the_path() {
        var refused = refused(receive(IntakeFixture.signedOrder("{\"order\":{\"number\":\"SO-1\"}}", NOW)));

        assertThat(refused).isEqualTo(new IntakeDecision.Refused(422, RefusalCode.KEY_MISSING,
                "the payload has no value at the event's key path 'order.id'"));
    }

    @Test
    void a_key_that_is_an_object_or_too_long_is_refused_with_422() {
        assertRefused(receive(IntakeFixture.signedOrder("{\"order\":{\"id\":{\"v\":1}}}", NOW)), 422, RefusalCode.KEY_INVALID);
        assertRefused(receive(IntakeFixture.signedOrder("{\"order\":{\"id\":\"" + "k".repeat(501) + "\"}}", NOW)), 422, RefusalCode.KEY_INVALID);
        assertThat(order("{\"order\":{\"id\":\"" + "k".repeat(500) + "\"}}").recordKey()).hasSize(500);
    }

    @Test
    void the_dedup_key_is_64_hex_characters() {
        assertThat(order("{\"order\":{\"id\":\"SO-1\"}}").dedupKey()).matches("[0-9a-f]{64}");
    }

    @Test
    void the_same_payload_with_other_spacing_key_order_or_number_form_has_the_same_dedup_key() {
        String a = order("{\"order\":{\"id\":\"SO-1\",\"total\":12.50,\"lines\":[1,2]},\"at\":\"x\"}").dedupKey();
        String b = order("{ \"at\" : \"x\", \"order\" : { \"lines\" : [1, 2], \"total\" : 12.5, \"id\" : \"SO-1\" } }").dedupKey();

        assertThat(b).isEqualTo(a);
    }

    @Test
    void a_changed_payload_of_the_same_record_has_another_dedup_key() {
        String a = order("{\"order\":{\"id\":\"SO-1\",\"total\":12.50}}").dedupKey();
        String b = order("{\"order\":{\"id\":\"SO-1\",\"total\":12.51}}").dedupKey();
        String listOrder = order("{\"order\":{\"id\":\"SO-1\",\"total\":12.50,\"l\":[2,1]}}").dedupKey();
        String listOrder2 = order("{\"order\":{\"id\":\"SO-1\",\"total\":12.50,\"l\":[1,2]}}").dedupKey();

        assertThat(b).isNotEqualTo(a);
        assertThat(listOrder).isNotEqualTo(listOrder2);
    }

    @Test
    void with_a_declared_version_the_dedup_key_is_key_and_version_whatever_the_rest_of_the_body() {
        String v1 = accepted(updated("{\"id\":\"C-1\",\"version\":1,\"name\":\"a\"}")).event().dedupKey();
        String v1again = accepted(updated("{\"id\":\"C-1\",\"version\":1,\"name\":\"b\"}")).event().dedupKey();
        String v2 = accepted(updated("{\"id\":\"C-1\",\"version\":2,\"name\":\"a\"}")).event().dedupKey();

        assertThat(v1again).isEqualTo(v1);
        assertThat(v2).isNotEqualTo(v1);
    }

    @Test
    void a_declared_version_that_is_missing_is_refused_with_422() {
        var refused = refused(updated("{\"id\":\"C-1\"}"));

        assertThat(refused).isEqualTo(new IntakeDecision.Refused(422, RefusalCode.VERSION_MISSING,
                "the payload has no value at the event's version path 'version'"));
    }

    @Test
    void the_same_record_in_two_events_or_systems_has_different_dedup_keys() {
        String placed = order("{\"order\":{\"id\":\"1\"},\"id\":\"1\"}").dedupKey();
        String pinged = accepted(receive(ping("{\"order\":{\"id\":\"1\"},\"id\":\"1\"}"))).event().dedupKey();

        assertThat(pinged).isNotEqualTo(placed);
    }

    @Test
    void an_xml_and_a_json_body_with_the_same_content_have_the_same_payload_hash() {
        var json = new JsonText(new JsonBodies(IntakeOptions.DEFAULT).factory());

        assertThat(json.canonicalHash(Map.of("a", "1", "b", List.of("x", "y"))))
                .isEqualTo(json.canonicalHash(new java.util.LinkedHashMap<>(Map.of("b", List.of("x", "y"), "a", "1"))));
    }

    @Test
    void simple_paths_are_read_directly_and_other_paths_are_left_to_jsonata() {
        assertThat(KeyPath.parse("order.id")).isPresent();
        assertThat(KeyPath.parse("data[0].id")).isPresent();
        assertThat(KeyPath.parse("`order-no`")).isPresent();
        assertThat(KeyPath.parse("$join(items.sku)")).isEmpty();
        assertThat(KeyPath.parse("order.")).isEmpty();
        assertThat(KeyPath.parse("a[-1]")).isEmpty();
        assertThat(KeyPath.parse("`order-no`").orElseThrow().read(Map.of("order-no", "7"))).isEqualTo("7");
        assertThat(KeyPath.parse("order.id").orElseThrow().read(Map.of("order", List.of()))).isSameAs(KeyPath.NOT_SIMPLE);
    }
}
