package dev.dovetail.runtime.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodyTest extends IntakeTestSupport {

    @Test
    void numbers_become_longs_and_exact_decimals_never_doubles() {
        var payload = accepted(receive(ping("{\"id\":1,\"small\":7,\"tenth\":0.1,\"price\":12.50,\"big\":123456789012345678901234567890,"
                + "\"exp\":1.5e3,\"negative\":-0.0}"))).event().payload();

        assertThat(payload).isEqualTo(Map.of("id", 1L, "small", 7L, "tenth", new BigDecimal("0.1"), "price", new BigDecimal("12.50"),
                "big", new BigDecimal("123456789012345678901234567890"), "exp", new BigDecimal("1.5e3"), "negative", new BigDecimal("-0.0")));
    }

    @Test
    void objects_keep_their_key_order_and_the_journal_text_is_the_body_unchanged() {
        String body = "{ \"id\" : \"P-1\", \"b\": [1, true, null, \"中文\"], \"a\": {} }";
        var event = accepted(receive(ping(body))).event();

        assertThat(((Map<?, ?>) event.payload()).keySet().stream().map(Object::toString).toList()).containsExactly("id", "b", "a");
        assertThat(((Map<?, ?>) event.payload()).get("b")).isEqualTo(java.util.Arrays.asList(1L, true, null, "中文"));
        assertThat(event.payloadJson()).isEqualTo(body);
        assertThat(event.contentType()).isEqualTo("application/json");
    }

    @Test
    void a_top_level_array_is_a_payload_too() {
        var request = IntakeFixture.request("shop", "line-added", "application/json",
                IntakeFixture.signedHeaders(NOW, "{\"data\":[{\"id\":\"L-9\"}]}".getBytes(UTF_8)), "{\"data\":[{\"id\":\"L-9\"}]}".getBytes(UTF_8), NOW);

        assertThat(accepted(receive(request)).event().recordKey()).isEqualTo("L-9");
    }

    @Test
    void duplicate_keys_are_refused_naming_the_key() {
        var refused = refused(receive(ping("{\"id\":1,\"id\":2}")));

        assertThat(refused.code()).isEqualTo(RefusalCode.MALFORMED_JSON);
        assertThat(refused.message()).contains("Duplicate").contains("id").contains("line 1");
    }

    @Test
    void nesting_64_deep_is_accepted_and_65_deep_is_refused() {
        accepted(receive(ping("{\"id\":1,\"d\":" + "[".repeat(63) + "]".repeat(63) + "}")));

        var refused = refused(receive(ping("{\"id\":1,\"d\":" + "[".repeat(64) + "]".repeat(64) + "}")));
        assertThat(refused).isEqualTo(new IntakeDecision.Refused(400, RefusalCode.TOO_DEEP, "the JSON is nested deeper than 64 levels"));
    }

    @Test
    void trailing_content_after_the_document_is_refused() {
        var refused = refused(receive(ping("{\"id\":1} {\"id\":2}")));

        assertThat(refused.code()).isEqualTo(RefusalCode.MALFORMED_JSON);
        assertThat(refused.message()).contains("after the JSON value");
    }

    @Test
    void a_byte_order_mark_is_refused() {
        byte[] body = ("\uFEFF{\"id\":1}").getBytes(UTF_8);

        assertRefused(receive(IntakeFixture.request("open", "ping", "application/json", Map.of(), body, NOW)), 400, RefusalCode.INVALID_ENCODING);
    }

    @Test
    void invalid_utf8_is_refused_with_its_offset() {
        byte[] body = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'};

        var refused = refused(receive(IntakeFixture.request("open", "ping", "application/json", Map.of(), body, NOW)));
        assertThat(refused).isEqualTo(new IntakeDecision.Refused(400, RefusalCode.INVALID_ENCODING, "the JSON body is not valid UTF-8 at byte offset 7"));
    }

    @Test
    void long_texts_names_and_numbers_are_refused_beyond_their_limits() {
        var small = new WebhookIntake(new IntakeOptions(64, 10, 5, 8, 100, 100, 8));

        assertRefused(small.receive(workspace, engine, ping("{\"id\":\"01234567890\"}")), 400, RefusalCode.LIMIT_EXCEEDED);
        assertRefused(small.receive(workspace, engine, ping("{\"id\":1,\"longname\":1}")), 400, RefusalCode.LIMIT_EXCEEDED);
        assertRefused(small.receive(workspace, engine, ping("{\"id\":123456789}")), 400, RefusalCode.LIMIT_EXCEEDED);
        accepted(small.receive(workspace, engine, ping("{\"id\":\"0123456789\"}")));
    }

    @Test
    void more_values_than_allowed_are_refused() {
        var small = new WebhookIntake(new IntakeOptions(64, 100, 100, 100, 10, 100, 8));

        var refused = refused(small.receive(workspace, engine, ping("{\"id\":1,\"l\":[1,2,3,4,5,6,7,8,9]}")));
        assertThat(refused).isEqualTo(new IntakeDecision.Refused(400, RefusalCode.LIMIT_EXCEEDED, "the JSON has more than 10 values"));
    }

    @Test
    void messages_do_not_carry_control_characters_from_the_input() {
        var refused = refused(receive(ping("{\"id\":1,\"x\":tru\u001b[31me}")));

        assertThat(refused.message().chars().noneMatch(Character::isISOControl)).isTrue();
    }

    @Test
    void a_single_scalar_is_not_a_payload() {
        var refused = refused(receive(ping("\"just text\"")));

        assertThat(refused).isEqualTo(new IntakeDecision.Refused(400, RefusalCode.MALFORMED_JSON,
                "the body must be a JSON object or array, not a single string"));
    }

    @Test
    void structured_json_media_types_and_a_utf8_charset_are_json() {
        var request = IntakeFixture.request("open", "ping", "application/vnd.shop.v2+json; charset=\"UTF-8\"", Map.of(),
                "{\"id\":\"P-2\"}".getBytes(UTF_8), NOW);

        assertThat(accepted(receive(request)).event().payload()).isEqualTo(Map.of("id", "P-2"));
    }
}
