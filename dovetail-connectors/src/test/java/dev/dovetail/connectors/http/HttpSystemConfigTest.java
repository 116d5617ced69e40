package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSystemConfigTest {

    @Test
    void a_full_system_file_is_read_into_typed_configuration() {
        var system = Map.of(
                "connector", "http",
                "connection", Map.of("baseUrl", "https://crm.example.com/api/v2", "headers", Map.of("X-Tenant", "acme"),
                        "tls", Map.of("trustStore", "certs/ca.pem", "verifyHostname", false)),
                "auth", Map.of("type", "oauth2-client-credentials", "tokenUrl", "https://crm.example.com/oauth/token",
                        "clientId", "dovetail", "clientSecret", "resolved-secret", "scope", "accounts", "clientAuthentication", "body"),
                "limits", Map.of("ratePerSecond", 5, "concurrency", 4, "timeout", "10s", "connectTimeout", "2s",
                        "maxResponseSize", "2MB", "circuitBreaker", Map.of("failureRate", "60%", "minimumCalls", 5, "openFor", "30s")),
                "operations", Map.of(
                        "createOrder", Map.of("method", "post", "path", "/orders", "idempotencyHeader", "Idempotency-Key",
                                "request", "crm/order.out", "response", "crm/order.in", "query", Map.of("v", "'2'")),
                        "listAccounts", Map.of("method", "GET", "path", "/accounts",
                                "pagination", Map.of("type", "cursor", "param", "after", "next", "meta.next", "items", "data",
                                        "maxPages", 20)),
                        "listOrders", Map.of("method", "GET", "path", "/orders",
                                "pagination", Map.of("type", "page", "size", 50, "next", "hasMore")),
                        "submitForm", Map.of("method", "POST", "path", "/forms", "options", Map.of("bodyFormat", "form"))));

        var config = HttpSystemConfig.fromMap("crm", system, Path.of("/ws"));

        assertThat(config.baseUrl()).isEqualTo(URI.create("https://crm.example.com/api/v2"));
        assertThat(config.headers()).containsEntry("X-Tenant", "acme");
        assertThat(config.tls().trustStore()).isEqualTo(Path.of("/ws/certs/ca.pem"));
        assertThat(config.tls().verifyHostname()).isFalse();
        assertThat(config.auth()).isInstanceOfSatisfying(HttpAuth.OAuth2ClientCredentials.class, oauth2 -> {
            assertThat(oauth2.clientSecret()).isEqualTo("resolved-secret");
            assertThat(oauth2.clientAuthentication()).isEqualTo(HttpAuth.ClientAuthentication.BODY);
            assertThat(oauth2.refreshBefore()).isEqualTo(Duration.ofSeconds(30));
        });
        assertThat(config.limits().ratePerSecond()).isEqualTo(5);
        assertThat(config.limits().concurrency()).isEqualTo(4);
        assertThat(config.limits().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.limits().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.limits().maxResponseBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(config.limits().circuitBreaker().failureRatePercent()).isEqualTo(60);
        assertThat(config.limits().circuitBreaker().minimumCalls()).isEqualTo(5);
        assertThat(config.limits().circuitBreaker().openFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.operations().get("createOrder")).isEqualTo(
                new HttpOperationConfig("POST", "/orders", "Idempotency-Key", null, null));
        assertThat(config.operations().get("listAccounts").pagination())
                .isEqualTo(new HttpPagination.Cursor("after", "meta.next", "data", null, 100, 20));
        assertThat(config.operations().get("listOrders").pagination())
                .isEqualTo(new HttpPagination.PageNumber("page", "size", 50, 1, "hasMore", null, 100));
        assertThat(config.operations().get("submitForm").bodyFormat()).isEqualTo(HttpOperationConfig.BodyFormat.FORM);
    }

    @Test
    void defaults_apply_when_limits_and_auth_are_left_out() {
        var config = HttpSystemConfig.fromMap("erp", Map.of("connection", Map.of("baseUrl", "http://erp.local:8080")));
        assertThat(config.auth()).isEqualTo(HttpAuth.none());
        assertThat(config.limits()).isEqualTo(HttpLimits.defaults());
        assertThat(config.tls()).isEqualTo(HttpTls.systemDefault());
    }

    @Test
    void each_auth_kind_is_read() {
        assertThat(auth(Map.of("type", "basic", "username", "u", "password", "p"))).isEqualTo(new HttpAuth.Basic("u", "p"));
        assertThat(auth(Map.of("type", "bearer", "token", "t"))).isEqualTo(new HttpAuth.Bearer("t"));
        assertThat(auth(Map.of("type", "api-key", "name", "api_key", "key", "k", "in", "query")))
                .isEqualTo(new HttpAuth.ApiKey("api_key", "k", HttpAuth.KeyPlacement.QUERY));
        assertThat(auth(Map.of("type", "hmac", "accessKey", "a", "secret", "s", "algorithm", "hmac-sha1", "encoding", "base64",
                "timestampFormat", "seconds", "canonical", "{method}\n{path}\n{nonce}")))
                .isEqualTo(new HttpAuth.Hmac("a", "s", "{method}\n{path}\n{nonce}", "HmacSHA1", HttpAuth.SignatureEncoding.BASE64,
                        "X-Signature", "", "X-Timestamp", "X-Nonce", "X-Access-Key", HttpAuth.TimestampFormat.SECONDS));
    }

    @Test
    void every_problem_is_reported_at_once() {
        var system = Map.of(
                "connection", Map.of("baseUrl", "ftp://files.example"),
                "auth", Map.of("type", "kerberos"),
                "limits", Map.of("timeout", "soon", "concurrency", "many"),
                "operations", Map.of("x", Map.of("path", "/x"), "y", Map.of("method", "GET", "path", "/y",
                        "pagination", Map.of("type", "scroll"))));
        assertThatThrownBy(() -> HttpSystemConfig.fromMap("crm", system))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth.type 'kerberos'")
                .hasMessageContaining("limits.timeout 'soon'")
                .hasMessageContaining("limits.concurrency must be a number")
                .hasMessageContaining("operations.x.method is required")
                .hasMessageContaining("operations.y.pagination.type 'scroll'");
    }

    @Test
    void a_base_url_must_be_http_without_credentials() {
        assertThatThrownBy(() -> HttpSystemConfig.of("crm", URI.create("ftp://x"))).hasMessageContaining("http or https");
        assertThatThrownBy(() -> HttpSystemConfig.of("crm", URI.create("https://user:pw@x"))).hasMessageContaining("credentials");
    }

    @Test
    void durations_are_read_in_the_workspace_s_notations() {
        assertThat(HttpConfigReader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(HttpConfigReader.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(HttpConfigReader.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(HttpConfigReader.parseDuration("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpConfigReader.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(HttpConfigReader.parseDuration("30s5")).isNull();
        assertThat(HttpConfigReader.parseDuration(3)).isEqualTo(Duration.ofSeconds(3));
        assertThat(HttpConfigReader.parseDuration("later")).isNull();
    }

    private static HttpAuth auth(Map<String, Object> auth) {
        return HttpSystemConfig.fromMap("s", Map.of("connection", Map.of("baseUrl", "https://s.example"), "auth", auth)).auth();
    }
}
