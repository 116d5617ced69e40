package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loaded {@code SystemDef} becomes the connector's configuration with nothing the connector reads left behind. */
class HttpSystemConfigsTest {
    @TempDir
    Path root;

    @Test
    void the_showcase_crm_becomes_an_oauth2_system_with_its_limits_and_cursor_paging() {
        var showcase = Workspaces.showcase(Map.of());
        var crm = HttpSystemConfigs.from(showcase.systems().get("crm"), showcase.root());

        var expected = new HttpSystemConfig("crm", URI.create("http://127.0.0.1:9301/api"), Map.of(),
                new HttpAuth.OAuth2ClientCredentials(URI.create("http://127.0.0.1:9301/api/oauth/token"), "dovetail",
                        "crm-secret-for-tests", "accounts opportunities", null, HttpAuth.ClientAuthentication.BASIC,
                        Duration.ofSeconds(30)),
                new HttpLimits(20, 4, Duration.ofSeconds(10), Duration.ofSeconds(2), HttpLimits.DEFAULT_MAX_RESPONSE_BYTES,
                        CircuitBreakerSettings.defaults()),
                HttpTls.systemDefault(),
                Map.of("getAccount", HttpOperationConfig.of("GET", "/accounts/{accountId}"),
                        "listAccountsChangedSince", HttpOperationConfig.of("GET", "/accounts")
                                .withPagination(new HttpPagination.Cursor("cursor", "nextCursor", "data", null, 100, 100)),
                        "updateAccount", HttpOperationConfig.of("PATCH", "/accounts/{id}"),
                        "updateOpportunity", HttpOperationConfig.of("PATCH", "/opportunities/{id}")));
        assertThat(crm).isEqualTo(expected);
        assertThat(crm.operations()).as("in file order").containsOnlyKeys(expected.operations().keySet());
        assertThat(crm.operations().keySet()).containsExactly("getAccount", "listAccountsChangedSince", "updateAccount", "updateOpportunity");
    }

    @Test
    void the_showcase_erp_becomes_a_basic_auth_system_with_idempotent_creates_and_page_numbers() {
        var showcase = Workspaces.showcase(Map.of());
        var erp = HttpSystemConfigs.from(showcase.systems().get("erp"), showcase.root());

        var expected = new HttpSystemConfig("erp", URI.create("http://127.0.0.1:9100"), Map.of(),
                new HttpAuth.Basic("dovetail", "erp-password-for-tests"), HttpLimits.defaults(), HttpTls.systemDefault(),
                Map.of("createSalesOrder", HttpOperationConfig.of("POST", "/erp/orders").withIdempotencyHeader("Idempotency-Key"),
                        "createCustomer", HttpOperationConfig.of("POST", "/erp/customers").withIdempotencyHeader("Idempotency-Key"),
                        "updateCustomer", HttpOperationConfig.of("PUT", "/erp/customers/{KHBM}"),
                        "findCustomer", HttpOperationConfig.of("GET", "/erp/customers"),
                        "listCustomersChanged", HttpOperationConfig.of("GET", "/erp/customers").withPagination(
                                new HttpPagination.PageNumber("page", "pageSize", 100, 1, "$count(rows) = 100", "rows", 100))));
        assertThat(erp).isEqualTo(expected);
    }

    @Test
    void a_workspace_gives_a_configuration_for_each_http_system_only() {
        var showcase = Workspaces.showcase(Map.of());
        assertThat(HttpSystemConfigs.from(showcase)).containsOnlyKeys("crm", "erp");
        assertThatThrownBy(() -> HttpSystemConfigs.from(showcase.systems().get("wms"), showcase.root()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system wms uses the file connector, not http");
    }

    @Test
    void every_connector_key_of_a_system_file_is_carried_over() {
        var ws = Workspaces.withSystem(root, "gw", """
                connector: http
                connection:
                  baseUrl: https://gw.example.com/v2
                  headers: {X-Tenant: acme}
                  tls:
                    trustStore: certs/ca.p12
                    trustStorePassword: ${secret:ca}
                    keyStore: /etc/dovetail/client.p12
                    keyStorePassword: ${secret:client-cert}
                    verifyHostname: false
                auth:
                  type: hmac
                  accessKey: app-7
                  secret: ${secret:gw-signing}
                  canonical: "{accessKey}&{timestamp}&{nonce}&{method}&{sortedQuery}&{body}"
                  algorithm: hmac-sha1
                  encoding: base64
                  header: Authorization
                  prefix: "HMAC-SHA1 "
                  timestampHeader: x-ca-timestamp
                  timestampFormat: iso
                  accessKeyHeader: x-ca-key
                limits:
                  ratePerSecond: 2.5
                  concurrency: 3
                  timeout: 4s
                  connectTimeout: 1s
                  maxResponseSize: 512KB
                  circuitBreaker: {enabled: false, failureRate: 60%, window: 40, minimumCalls: 5, openFor: 30s, halfOpenCalls: 2}
                operations:
                  submitForm:
                    method: post
                    path: /forms/{formId}
                    idempotencyHeader: X-Request-Id
                    options: {bodyFormat: form}
                  listByOffset:
                    method: GET
                    path: /rows
                    pagination: {type: offset, param: skip, sizeParam: take, size: 50, start: 10, next: more, items: rows, maxPages: 7}
                  listByLink:
                    method: GET
                    path: /links
                    pagination: {type: link, items: data, maxPages: 3}
                """, Map.of("DOVETAIL_SECRET_GW_SIGNING", "signing-secret", "DOVETAIL_SECRET_CA", "ca-password",
                        "DOVETAIL_SECRET_CLIENT_CERT", "cert-password"));

        var gw = HttpSystemConfigs.from(ws.systems().get("gw"), root);

        assertThat(gw.headers()).containsExactly(Map.entry("X-Tenant", "acme"));
        assertThat(gw.tls()).isEqualTo(new HttpTls(root.resolve("certs/ca.p12"), "ca-password", Path.of("/etc/dovetail/client.p12"),
                "cert-password", false, false));
        assertThat(gw.auth()).isEqualTo(new HttpAuth.Hmac("app-7", "signing-secret",
                "{accessKey}&{timestamp}&{nonce}&{method}&{sortedQuery}&{body}", "HmacSHA1", HttpAuth.SignatureEncoding.BASE64,
                "Authorization", "HMAC-SHA1 ", "x-ca-timestamp", "X-Nonce", "x-ca-key", HttpAuth.TimestampFormat.ISO));
        assertThat(gw.limits()).isEqualTo(new HttpLimits(2.5, 3, Duration.ofSeconds(4), Duration.ofSeconds(1), 512 * 1024,
                new CircuitBreakerSettings(false, 60, 5, 40, Duration.ofSeconds(30), 2)));
        assertThat(gw.operations().get("submitForm")).isEqualTo(new HttpOperationConfig("POST", "/forms/{formId}", "X-Request-Id",
                HttpOperationConfig.BodyFormat.FORM, HttpPagination.none()));
        assertThat(gw.operations().get("listByOffset").pagination())
                .isEqualTo(new HttpPagination.Offset("skip", "take", 50, 10, "more", "rows", 7));
        assertThat(gw.operations().get("listByLink").pagination()).isEqualTo(new HttpPagination.Link("data", 3));
        assertThat(gw.toString()).as("secrets are masked").doesNotContain("signing-secret", "ca-password", "cert-password");
    }

    @Test
    void api_key_and_bearer_secrets_are_revealed_into_the_connector_s_auth() {
        var apiKey = Workspaces.withSystem(root, "gw", """
                connector: http
                connection: {baseUrl: https://gw.example.com}
                auth:
                  type: api-key
                  in: query
                  name: api_key
                  key: ${secret:gw-key}
                """, Map.of("DOVETAIL_SECRET_GW_KEY", "key-value")).systems().get("gw");
        assertThat(HttpSystemConfigs.from(apiKey, root).auth())
                .isEqualTo(new HttpAuth.ApiKey("api_key", "key-value", HttpAuth.KeyPlacement.QUERY));

        var bearer = Workspaces.withSystem(root, "gw", """
                connector: http
                connection: {baseUrl: https://gw.example.com}
                auth:
                  type: bearer
                  token: ${secret:gw-token}
                """, Map.of("DOVETAIL_SECRET_GW_TOKEN", "token-value")).systems().get("gw");
        assertThat(HttpSystemConfigs.from(bearer, root).auth()).isEqualTo(new HttpAuth.Bearer("token-value"));
    }

    @Test
    void hmac_without_an_access_key_sends_no_access_key_header() {
        var hmac = Workspaces.withSystem(root, "gw", """
                connector: http
                connection: {baseUrl: https://gw.example.com}
                auth:
                  type: hmac
                  secret: ${secret:gw-signing}
                """, Map.of("DOVETAIL_SECRET_GW_SIGNING", "s")).systems().get("gw");
        assertThat(HttpSystemConfigs.from(hmac, root).auth()).isEqualTo(HttpAuth.Hmac.of(null, "s"));
    }

    @Test
    void oauth2_body_client_authentication_and_refresh_lead_time_are_carried_over() {
        var oauth2 = Workspaces.withSystem(root, "gw", """
                connector: http
                connection: {baseUrl: https://gw.example.com}
                auth:
                  type: oauth2-client-credentials
                  tokenUrl: https://login.example.com/token
                  clientId: dovetail
                  clientSecret: ${secret:gw-client}
                  audience: https://gw.example.com
                  clientAuthentication: body
                  refreshBefore: 2m
                """, Map.of("DOVETAIL_SECRET_GW_CLIENT", "client-secret")).systems().get("gw");
        assertThat(HttpSystemConfigs.from(oauth2, root).auth()).isEqualTo(new HttpAuth.OAuth2ClientCredentials(
                URI.create("https://login.example.com/token"), "dovetail", "client-secret", null, "https://gw.example.com",
                HttpAuth.ClientAuthentication.BODY, Duration.ofMinutes(2)));
    }
}
