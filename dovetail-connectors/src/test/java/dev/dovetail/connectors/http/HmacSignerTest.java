package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class HmacSignerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static OutgoingRequest request(String body) {
        return new OutgoingRequest("POST", "https://open.example.cn:8443", "/v1/orders",
                List.of(OutgoingRequest.QueryPair.of("b", "2"), OutgoingRequest.QueryPair.of("a", "x y")),
                new LinkedHashMap<>(), body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Test
    void the_signature_matches_the_rfc_4231_test_vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        var hmac = new HttpAuth.Hmac(null, "Jefe", "{body}", null, null, null, null, null, null, null, null);
        var signed = new HmacSigner(hmac, CLOCK).apply(request("what do ya want for nothing?"));
        assertThat(signed.headers().get("x-signature").value())
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void every_placeholder_is_filled_from_the_request() {
        var template = String.join("|", "{method}", "{path}", "{query}", "{sortedQuery}", "{pathAndQuery}", "{host}",
                "{timestamp}", "{nonce}", "{body}", "{bodySha256}", "{contentMd5}", "{contentType}", "{accessKey}");
        var hmac = new HttpAuth.Hmac("app", "s", template, null, null, null, null, null, null, null, HttpAuth.TimestampFormat.ISO);
        var canonical = new HmacSigner(hmac, CLOCK).canonicalString(request("{}"), "2025-01-01T00:00:00Z", "n0nce");
        assertThat(canonical).isEqualTo(String.join("|", "POST", "/v1/orders", "b=2&a=x%20y", "a=x%20y&b=2",
                "/v1/orders?b=2&a=x%20y", "open.example.cn:8443", "2025-01-01T00:00:00Z", "n0nce", "{}",
                "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "mZFLkyvTelC5g8XnyQrpOw==",
                "application/json", "app"));
    }

    @Test
    void timestamps_are_written_in_the_configured_format() {
        var seconds = new HttpAuth.Hmac(null, "s", "{timestamp}", null, null, null, null, "T", null, null, HttpAuth.TimestampFormat.SECONDS);
        assertThat(new HmacSigner(seconds, CLOCK).apply(request("")).headers().get("t").value()).isEqualTo("1735689600");
        var millis = HttpAuth.Hmac.of(null, "s");
        assertThat(new HmacSigner(millis, CLOCK).apply(request("")).headers().get("x-timestamp").value()).isEqualTo("1735689600000");
    }

    @Test
    void an_unknown_placeholder_is_refused_when_configured() {
        assertThatThrownBy(() -> HttpAuth.Hmac.of("a", "s").withCanonical("{method}\n{uri}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{uri}");
    }

    @Test
    void the_secret_never_shows_in_the_configuration_s_text() {
        assertThat(HttpAuth.Hmac.of("a", "top-secret-value").toString()).doesNotContain("top-secret-value");
        assertThat(new HttpAuth.Basic("u", "pw-value").toString()).doesNotContain("pw-value");
        assertThat(HttpAuth.OAuth2ClientCredentials.of(java.net.URI.create("https://x/t"), "id", "cs-value").toString())
                .doesNotContain("cs-value");
    }
}
