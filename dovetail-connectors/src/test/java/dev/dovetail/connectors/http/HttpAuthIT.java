package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.RecordingHttpServer.Reply;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.OperationCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpAuthIT {

    private final RecordingHttpServer server = RecordingHttpServer.start().on("/", r -> Reply.json(200, "{\"ok\":true}"));

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpSystemConfig crm(HttpAuth auth) {
        return HttpSystemConfig.of("crm", server.baseUrl())
                .withAuth(auth)
                .withOperation("createOrder", HttpOperationConfig.of("POST", "/api/orders"))
                .withOperation("listOrders", HttpOperationConfig.of("GET", "/api/orders"));
    }

    @Test
    void basic_auth_sends_the_encoded_username_and_password() {
        try (var invoker = HttpInvoker.create(crm(new HttpAuth.Basic("dovetail", "s3cret:with-colon")))) {
            assertThat(invoker.invoke(OperationCall.of("crm", "listOrders"))).isInstanceOf(Delivered.class);
        }
        var header = server.requests().getFirst().header("Authorization");
        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("dovetail:s3cret:with-colon");
    }

    @Test
    void bearer_auth_sends_the_token() {
        try (var invoker = HttpInvoker.create(crm(new HttpAuth.Bearer("tok-123")))) {
            invoker.invoke(OperationCall.of("crm", "listOrders"));
        }
        assertThat(server.requests().getFirst().header("Authorization")).isEqualTo("Bearer tok-123");
    }

    @Test
    void an_api_key_goes_into_the_named_header() {
        try (var invoker = HttpInvoker.create(crm(new HttpAuth.ApiKey("X-Api-Key", "key-1", HttpAuth.KeyPlacement.HEADER)))) {
            invoker.invoke(OperationCall.of("crm", "listOrders"));
        }
        assertThat(server.requests().getFirst().header("X-Api-Key")).isEqualTo("key-1");
    }

    @Test
    void an_api_key_goes_into_the_named_query_parameter_beside_the_call_s_own() {
        try (var invoker = HttpInvoker.create(crm(new HttpAuth.ApiKey("api_key", "k&y=1", HttpAuth.KeyPlacement.QUERY)))) {
            invoker.invoke(OperationCall.of("crm", "listOrders").withQueryParam("status", "open"));
        }
        var request = server.requests().getFirst();
        assertThat(request.queryParam("api_key")).isEqualTo("k&y=1");
        assertThat(request.queryParam("status")).isEqualTo("open");
    }

    @Test
    void the_system_rejecting_credentials_is_a_permanent_failure() {
        server.on("/api", r -> Reply.json(401, "{\"error\":\"bad key\"}"));
        try (var invoker = HttpInvoker.create(crm(new HttpAuth.Bearer("wrong")))) {
            var outcome = invoker.invoke(OperationCall.of("crm", "listOrders"));
            assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.status()).isEqualTo(401);
                assertThat(rejected.responseExcerpt()).contains("bad key");
            });
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void hmac_signature_with_the_default_canonical_string_verifies_on_the_server() throws Exception {
        var clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
        try (var invoker = HttpInvoker.builder(crm(HttpAuth.Hmac.of("app-42", "signing-secret"))).clock(clock).build()) {
            var outcome = invoker.invoke(OperationCall.of("crm", "createOrder").withJsonBody(Map.of("orderNo", "SO-1")));
            assertThat(outcome).isInstanceOf(Delivered.class);
        }
        var request = server.requests().getFirst();
        assertThat(request.header("X-Access-Key")).isEqualTo("app-42");
        assertThat(request.header("X-Timestamp")).isEqualTo(Long.toString(clock.instant().toEpochMilli()));
        // independent computation from what arrived on the wire: {method}\n{path}\n{timestamp}\n{body}
        var canonical = "POST\n" + request.rawPath() + "\n" + request.header("X-Timestamp") + "\n" + request.bodyText();
        assertThat(request.header("X-Signature")).isEqualTo(HexFormat.of().formatHex(hmacSha256("signing-secret", canonical)));
    }

    @Test
    void hmac_signature_over_query_nonce_and_body_digest_verifies_on_the_server() throws Exception {
        var hmac = HttpAuth.Hmac.of("app-42", "signing-secret").withCanonical("{method}\n{path}\n{query}\n{timestamp}\n{nonce}\n{bodySha256}");
        try (var invoker = HttpInvoker.create(crm(hmac))) {
            invoker.invoke(OperationCall.of("crm", "createOrder").withQueryParam("z", "last").withQueryParam("a", "中文 value")
                    .withJsonBody(Map.of("orderNo", "SO-1", "amount", 12.5)));
        }
        var request = server.requests().getFirst();
        assertThat(request.header("X-Nonce")).hasSize(32);
        var canonical = "POST\n" + request.rawPath() + "\n" + request.rawQuery() + "\n" + request.header("X-Timestamp")
                + "\n" + request.header("X-Nonce") + "\n" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.body()));
        assertThat(request.header("X-Signature")).isEqualTo(HexFormat.of().formatHex(hmacSha256("signing-secret", canonical)));
        assertThat(request.rawQuery()).isEqualTo("z=last&a=%E4%B8%AD%E6%96%87%20value");
    }

    @Test
    void hmac_signature_with_a_custom_template_in_base64_verifies_on_the_server() throws Exception {
        var hmac = new HttpAuth.Hmac("app-7", "another-secret", "{accessKey}&{timestamp}&{nonce}&{method}&{sortedQuery}&{body}",
                "hmac-sha256", HttpAuth.SignatureEncoding.BASE64, "Authorization", "HMAC-SHA256 ", "x-ca-timestamp",
                "x-ca-nonce", "x-ca-key", HttpAuth.TimestampFormat.SECONDS);
        try (var invoker = HttpInvoker.create(crm(hmac))) {
            invoker.invoke(OperationCall.of("crm", "createOrder").withQueryParam("b", 2).withQueryParam("a", 1)
                    .withJsonBody(Map.of("name", "上海某某有限公司")));
        }
        var request = server.requests().getFirst();
        var canonical = "app-7&" + request.header("x-ca-timestamp") + "&" + request.header("x-ca-nonce") + "&POST&a=1&b=2&"
                + request.bodyText();
        assertThat(request.header("Authorization"))
                .isEqualTo("HMAC-SHA256 " + Base64.getEncoder().encodeToString(hmacSha256("another-secret", canonical)));
        assertThat(Long.parseLong(request.header("x-ca-timestamp"))).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(request.header("x-ca-key")).isEqualTo("app-7");
    }

    private static byte[] hmacSha256(String secret, String text) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
