package dev.dovetail.runtime.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Content types, content encodings and the body limit. */
class ContentHandlingTest extends IntakeTestSupport {
    private static final byte[] PING = "{\"id\":\"P-1\"}".getBytes(UTF_8);

    private static WebhookRequest ping(String contentType, Map<String, List<String>> headers, byte[] body) {
        return IntakeFixture.request("open", "ping", contentType, headers, body, NOW);
    }

    @Test
    void an_unsupported_content_type_is_refused_with_415_naming_what_is_accepted() {
        var refused = refused(receive(ping("text/plain", Map.of(), PING)));

        assertThat(refused).isEqualTo(new IntakeDecision.Refused(415, RefusalCode.UNSUPPORTED_CONTENT_TYPE,
                "Content-Type 'text/plain' is not supported; send application/json, application/xml or application/x-www-form-urlencoded"));
    }

    @Test
    void json_in_another_charset_than_utf8_is_refused_with_415() {
        assertRefused(receive(ping("application/json; charset=GBK", Map.of(), PING)), 415, RefusalCode.UNSUPPORTED_CONTENT_TYPE);
    }

    @Test
    void the_content_type_may_come_from_the_headers() {
        var request = new WebhookRequest("open", "ping", null, Map.of("content-type", List.of("Application/JSON; Charset=utf-8")), PING, "", NOW);

        assertThat(request.contentType()).isEqualTo("Application/JSON; Charset=utf-8");
        accepted(receive(request));
    }

    @Test
    void a_gzip_body_is_decompressed() {
        var event = accepted(receive(ping("application/json", Map.of("Content-Encoding", List.of("gzip")), HostileRequests.gzip(PING)))).event();

        assertThat(event.payloadJson()).isEqualTo("{\"id\":\"P-1\"}");
    }

    @Test
    void a_gzip_bomb_is_stopped_at_the_body_limit() {
        byte[] bomb = HostileRequests.gzip(new byte[64 * 1024 * 1024]);
        long started = System.nanoTime();

        var refused = refused(receive(ping("application/json", Map.of("Content-Encoding", List.of("gzip")), bomb)));
        assertThat(refused).isEqualTo(new IntakeDecision.Refused(413, RefusalCode.BODY_TOO_LARGE,
                "the gzip body decompresses to more than the limit of 1048576 bytes"));
        assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
    }

    @Test
    void identity_encoding_is_the_same_as_none() {
        accepted(receive(ping("application/json", Map.of("Content-Encoding", List.of("identity")), PING)));
    }

    @Test
    void other_content_encodings_are_refused_with_415() {
        assertRefused(receive(ping("application/json", Map.of("Content-Encoding", List.of("br")), PING)), 415, RefusalCode.UNSUPPORTED_CONTENT_ENCODING);
    }

    @Test
    void a_body_over_the_limit_is_refused_with_413_before_anything_else() {
        byte[] big = new byte[1024 * 1024 + 1];

        var refused = refused(receive(IntakeFixture.request("shop", "order-placed", "image/png", Map.of(), big, NOW)));
        assertThat(refused).isEqualTo(new IntakeDecision.Refused(413, RefusalCode.BODY_TOO_LARGE, "the body is larger than the limit of 1048576 bytes"));
    }

    @Test
    void an_empty_body_is_refused() {
        assertRefused(receive(ping("application/json", Map.of(), new byte[0])), 400, RefusalCode.EMPTY_BODY);
    }
}
