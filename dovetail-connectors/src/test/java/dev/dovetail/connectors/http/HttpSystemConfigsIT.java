package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.RecordingHttpServer.Reply;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.OperationCall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration converted from a loaded workspace drives real calls with the credentials the system file names. */
class HttpSystemConfigsIT {
    private final RecordingHttpServer server = RecordingHttpServer.start();

    @TempDir
    Path root;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void the_showcase_crm_fetches_an_oauth2_token_with_its_client_secret_and_calls_with_the_token() {
        server.on("/api/oauth/token", r -> Reply.json(200, "{\"access_token\":\"crm-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        server.on("/api/accounts", r -> Reply.json(200, "{\"id\":\"A-1\",\"name\":\"Acme\"}"));
        var showcase = Workspaces.showcase(Map.of("CRM_URL", server.baseUrl() + "/api"));
        var crm = HttpSystemConfigs.from(showcase.systems().get("crm"), showcase.root());

        try (var invoker = HttpInvoker.create(crm)) {
            var outcome = invoker.invoke(OperationCall.of("crm", "getAccount").withPathParam("accountId", "A-1"));
            assertThat(outcome).isInstanceOfSatisfying(Delivered.class,
                    delivered -> assertThat(delivered.response()).isEqualTo(Map.of("id", "A-1", "name", "Acme")));
        }

        var tokenRequest = server.requests("/api/oauth/token").getFirst();
        assertThat(tokenRequest.header("Authorization"))
                .isEqualTo("Basic " + base64("dovetail:crm-secret-for-tests"));
        assertThat(tokenRequest.bodyText()).contains("grant_type=client_credentials", "scope=accounts+opportunities");
        var call = server.requests("/api/accounts").getFirst();
        assertThat(call.rawPath()).isEqualTo("/api/accounts/A-1");
        assertThat(call.header("Authorization")).isEqualTo("Bearer crm-token-1");
    }

    @Test
    void the_showcase_erp_sends_basic_credentials_and_the_idempotency_key() {
        server.on("/erp/orders", r -> Reply.json(201, "{\"DDBH\":\"SO-1\"}"));
        var showcase = Workspaces.showcase(Map.of("ERP_URL", server.baseUrl().toString()));
        var erp = HttpSystemConfigs.from(showcase.systems().get("erp"), showcase.root());

        try (var invoker = HttpInvoker.create(erp)) {
            var outcome = invoker.invoke(OperationCall.of("erp", "createSalesOrder")
                    .withJsonBody(Map.of("KHBM", "C-1")).withIdempotencyKey("event-42"));
            assertThat(outcome).isInstanceOf(Delivered.class);
        }

        var request = server.requests("/erp/orders").getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + base64("dovetail:erp-password-for-tests"));
        assertThat(request.header("Idempotency-Key")).isEqualTo("event-42");
    }

    @Test
    void an_hmac_system_signs_with_its_prefix_timestamp_format_and_system_headers() throws Exception {
        server.on("/gw", r -> Reply.json(200, "{}"));
        var ws = Workspaces.withSystem(root, "gw", """
                connector: http
                connection:
                  baseUrl: ${GW_URL}/gw
                  headers: {X-Tenant: acme}
                auth:
                  type: hmac
                  accessKey: app-7
                  secret: ${secret:gw-signing}
                  canonical: "{accessKey}&{timestamp}&{method}&{path}&{body}"
                  header: Authorization
                  prefix: "HMAC-SHA256 "
                  timestampFormat: seconds
                operations:
                  createOrder: {method: POST, path: /orders}
                """, Map.of("GW_URL", server.baseUrl().toString(), "DOVETAIL_SECRET_GW_SIGNING", "signing-secret"));
        var gw = HttpSystemConfigs.from(ws.systems().get("gw"), root);

        try (var invoker = HttpInvoker.create(gw)) {
            assertThat(invoker.invoke(OperationCall.of("gw", "createOrder").withJsonBody(Map.of("n", 1)))).isInstanceOf(Delivered.class);
        }

        var request = server.requests("/gw").getFirst();
        var timestamp = request.header("X-Timestamp");
        assertThat(timestamp).as("epoch seconds").matches("\\d{10}");
        assertThat(request.header("X-Tenant")).isEqualTo("acme");
        assertThat(request.header("X-Access-Key")).isEqualTo("app-7");
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("signing-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        var canonical = "app-7&" + timestamp + "&POST&/gw/orders&" + request.bodyText();
        assertThat(request.header("Authorization"))
                .isEqualTo("HMAC-SHA256 " + HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8))));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
