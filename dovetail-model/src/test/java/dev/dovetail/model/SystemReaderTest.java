package dev.dovetail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code systems/<name>.yaml}: the keys the HTTP connector understands, their defaults and their mistakes. */
class SystemReaderTest {
    @TempDir
    Path root;

    private static final Map<String, String> SECRETS = Map.of(
            "DOVETAIL_SECRET_GW_SIGNING", "signing-secret",
            "DOVETAIL_SECRET_CRM_CLIENT", "client-secret",
            "DOVETAIL_SECRET_CA", "ca-password");

    private WorkspaceLoad load(String systemYaml) throws IOException {
        Files.writeString(root.resolve("dovetail.yaml"), "name: tiny\n");
        Files.createDirectories(root.resolve("systems"));
        Files.writeString(root.resolve("systems/gw.yaml"), systemYaml);
        return new WorkspaceLoader(Environment.of(SECRETS), new BracketSyntax()).load(root);
    }

    private SystemDef system(String systemYaml) throws IOException {
        var load = load(systemYaml);
        assertThat(load.report().problems()).extracting(Problem::format).isEmpty();
        return load.workspace().orElseThrow().systems().get("gw");
    }

    @Test
    void left_out_keys_take_the_http_connector_s_defaults() throws IOException {
        var gw = system("""
                connector: http
                connection: {baseUrl: https://gw.example.com}
                auth:
                  type: hmac
                  secret: ${secret:gw-signing}
                operations:
                  listOrders:
                    method: GET
                    path: /orders
                    pagination: {type: page}
                """);
        assertThat(gw.limits()).isEqualTo(SystemDef.Limits.DEFAULT);
        assertThat(gw.limits().maxResponseSize()).isEqualTo(16L * 1024 * 1024);
        assertThat(gw.limits().circuitBreaker()).isEqualTo(new SystemDef.CircuitBreaker(true, 50, 20, 10, Duration.ofSeconds(10), 3));
        assertThat(gw.connection().headers()).isEmpty();
        assertThat(gw.auth()).isInstanceOfSatisfying(SystemDef.Auth.Hmac.class, hmac -> {
            assertThat(hmac.prefix()).isEmpty();
            assertThat(hmac.timestampFormat()).isEqualTo(SystemDef.Auth.TimestampFormat.MILLIS);
            assertThat(hmac.canonical()).isEqualTo("{method}\n{path}\n{timestamp}\n{body}");
            assertThat(hmac.nonceHeader()).as("the default canonical string has no nonce").isEmpty();
        });
        assertThat(gw.operations().get("listOrders").pagination().orElseThrow().maxPages()).isEqualTo(100);
    }

    @Test
    void oauth2_authenticates_with_basic_and_refreshes_30_seconds_early_by_default() throws IOException {
        var auth = system("""
                connector: http
                connection: {baseUrl: https://gw.example.com}
                auth:
                  type: oauth2-client-credentials
                  tokenUrl: https://gw.example.com/token
                  clientId: d
                  clientSecret: ${secret:crm-client}
                """).auth();
        assertThat(auth).isInstanceOfSatisfying(SystemDef.Auth.OAuth2ClientCredentials.class, oauth2 -> {
            assertThat(oauth2.clientAuthentication()).isEqualTo(SystemDef.Auth.ClientAuthentication.BASIC);
            assertThat(oauth2.refreshBefore()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void every_key_the_http_connector_reads_is_read_into_a_typed_field() throws IOException {
        var gw = system("""
                connector: http
                connection:
                  baseUrl: https://gw.example.com/v2
                  headers:
                    X-Tenant: acme
                    X-Region: ${REGION:east}
                  tls:
                    trustStore: certs/ca.p12
                    trustStorePassword: ${secret:ca}
                    verifyHostname: false
                auth:
                  type: hmac
                  accessKey: app-7
                  secret: ${secret:gw-signing}
                  canonical: "{accessKey}&{timestamp}&{nonce}&{method}&{sortedQuery}&{bodySha256}"
                  encoding: base64
                  header: Authorization
                  prefix: "HMAC-SHA256 "
                  timestampHeader: x-ca-timestamp
                  timestampFormat: seconds
                  accessKeyHeader: x-ca-key
                limits:
                  maxResponseSize: 2MB
                  circuitBreaker: {enabled: false, failureRate: 60%, window: 40, minimumCalls: 5, openFor: 30s, halfOpenCalls: 2}
                operations:
                  listOrders:
                    method: GET
                    path: /orders
                    pagination: {type: cursor, next: meta.next, maxPages: 20}
                  submitForm:
                    method: POST
                    path: /forms
                    options: {bodyFormat: form}
                """);
        assertThat(gw.connection().headers()).containsExactly(Map.entry("X-Tenant", "acme"), Map.entry("X-Region", "east"));
        assertThat(gw.connection().options()).as("headers are typed, not an option").isEmpty();
        assertThat(gw.connection().tls().orElseThrow().trustStore()).contains("certs/ca.p12");
        assertThat(gw.auth()).isInstanceOfSatisfying(SystemDef.Auth.Hmac.class, hmac -> {
            assertThat(hmac.prefix()).isEqualTo("HMAC-SHA256 ");
            assertThat(hmac.timestampFormat()).isEqualTo(SystemDef.Auth.TimestampFormat.SECONDS);
            assertThat(hmac.nonceHeader()).as("the canonical string uses {nonce}").contains("X-Nonce");
            assertThat(hmac.accessKeyHeader()).isEqualTo("x-ca-key");
            assertThat(hmac.encoding()).isEqualTo(SystemDef.Encoding.BASE64);
        });
        assertThat(gw.limits().maxResponseSize()).isEqualTo(2L * 1024 * 1024);
        assertThat(gw.limits().circuitBreaker()).isEqualTo(new SystemDef.CircuitBreaker(false, 60, 40, 5, Duration.ofSeconds(30), 2));
        assertThat(gw.operations().get("listOrders").pagination().orElseThrow().maxPages()).isEqualTo(20);
        assertThat(gw.operations().get("submitForm").options()).containsEntry("bodyFormat", "form");
    }

    @Test
    void oauth2_client_authentication_and_refresh_lead_time_are_read() throws IOException {
        var auth = (SystemDef.Auth.OAuth2ClientCredentials) system("""
                connector: http
                connection: {baseUrl: https://gw.example.com}
                auth:
                  type: oauth2-client-credentials
                  tokenUrl: https://gw.example.com/token
                  clientId: d
                  clientSecret: ${secret:crm-client}
                  clientAuthentication: body
                  refreshBefore: 2m
                """).auth();
        assertThat(auth.clientAuthentication()).isEqualTo(SystemDef.Auth.ClientAuthentication.BODY);
        assertThat(auth.refreshBefore()).isEqualTo(Duration.ofMinutes(2));
        assertThat(auth.scope()).isEqualTo(Optional.empty());
    }

    @Test
    void mistakes_in_connector_keys_are_reported_at_their_line_with_a_hint() throws IOException {
        var load = load("""
                connector: http
                connection:
                  baseUrl: https://user:pw@gw.example.com
                  headers:
                    Host: gw.example.com
                    X-Key: ${secret:gw-signing}
                  tls: {insecure: true, trustStore: ca.pem}
                auth:
                  type: hmac
                  secret: ${secret:gw-signing}
                  accessKeyHeader: x-ca-key
                  canonical: "{method}\\n{nonse}"
                  timestampFormat: second
                limits:
                  timeout: 0s
                  maxResponseSize: 0
                  circuitBreaker:
                    failureRat: 50
                    failureRate: 150
                    openFor: 0s
                operations:
                  listOrders:
                    method: GET
                    path: /orders?all=true
                    pagination: {type: page, maxPages: 0}
                  submitForm:
                    method: POST
                    path: /forms/{form id}
                    options: {bodyFormat: xml}
                """);
        assertThat(load.isLoaded()).isFalse();
        assertThat(load.report().errors()).extracting(Problem::line, Problem::code).containsExactlyInAnyOrder(
                tuple(3, "bad-value"),        // credentials in baseUrl
                tuple(5, "bad-value"),        // Host is the client's
                tuple(6, "bad-value"),        // a secret in a plain header
                tuple(7, "bad-value"),        // insecure with a trust store
                tuple(11, "missing-field"),   // accessKeyHeader without accessKey
                tuple(12, "bad-value"),       // {nonse}
                tuple(13, "bad-value"),       // second
                tuple(15, "bad-duration"),    // timeout 0s
                tuple(16, "bad-size"),        // maxResponseSize 0
                tuple(18, "unknown-key"),     // failureRat
                tuple(19, "bad-value"),       // failureRate 150
                tuple(20, "bad-duration"),    // openFor 0s
                tuple(24, "bad-value"),       // a query in the path
                tuple(25, "bad-value"),       // maxPages 0
                tuple(28, "bad-value"),       // {form id}
                tuple(29, "bad-value"));      // bodyFormat xml
        assertThat(find(load, 12).hint()).startsWith("did you mean '{nonce}'?");
        assertThat(find(load, 13).hint()).isEqualTo("did you mean 'seconds'?");
        assertThat(find(load, 18).hint()).startsWith("did you mean 'failureRate'?");
        assertThat(find(load, 6).message()).as("a secret is never echoed").doesNotContain("signing-secret");
        assertThat(find(load, 3).message()).as("a password in a URL is never echoed").doesNotContain("user:pw");
    }

    @Test
    void an_oauth2_token_url_must_be_an_http_url_and_client_authentication_a_known_kind() throws IOException {
        var load = load("""
                connector: http
                connection: {baseUrl: https://gw.example.com}
                auth:
                  type: oauth2-client-credentials
                  tokenUrl: gw.example.com/token
                  clientId: d
                  clientSecret: ${secret:crm-client}
                  clientAuthentication: header
                  refreshBefore: soon
                """);
        assertThat(load.report().errors()).extracting(Problem::line, Problem::code).containsExactlyInAnyOrder(
                tuple(5, "bad-value"), tuple(8, "bad-value"), tuple(9, "bad-duration"));
    }

    @Test
    void a_literal_dollar_brace_secret_in_a_header_is_not_a_secret_reference() throws IOException {
        var gw = system("""
                connector: http
                connection:
                  baseUrl: https://gw.example.com
                  headers: {X-Template: "$${secret:x}"}
                """);
        assertThat(gw.connection().headers()).containsEntry("X-Template", "${secret:x}");
    }

    @Test
    void a_soap_system_needs_a_wsdl_instead_of_a_base_url_and_keeps_its_soap_options() throws IOException {
        var erp = system("""
                connector: soap
                connection:
                  wsdl: wsdl/erp.wsdl
                  port: SalesOrderPort
                  elementFormDefault: unqualified
                operations:
                  createSalesOrder:
                    options: {idempotencyElement: idempotencyKey, soapAction: "urn:createSalesOrder"}
                  placeOrder:
                    options: {operation: createSalesOrder, idempotencyElement: header.requestId}
                """);
        assertThat(erp.connection().baseUrl()).isEmpty();
        assertThat(erp.connection().options()).containsEntry("wsdl", "wsdl/erp.wsdl").containsEntry("port", "SalesOrderPort");
        assertThat(erp.operations().get("placeOrder").options()).containsEntry("operation", "createSalesOrder");
    }

    @Test
    void mistakes_in_soap_keys_are_reported_at_their_line() throws IOException {
        var load = load("""
                connector: soap
                connection:
                  baseUrl: https://erp.example.com/ws
                  elementFormDefault: yes
                operations:
                  createSalesOrder:
                    options:
                      idempotencyElement: "header..key"
                      soapAction: "say \\"hi\\""
                      idempotencyHeadr: X-Key
                """);
        assertThat(load.report().errors()).extracting(Problem::line, Problem::code).containsExactlyInAnyOrder(
                tuple(3, "missing-field"), tuple(4, "bad-value"), tuple(8, "bad-value"), tuple(9, "bad-value"), tuple(10, "unknown-key"));
        assertThat(find(load, 3).message()).as("reported at the connection map").contains("wsdl");
    }

    @Test
    void a_wsdl_must_be_an_http_url_or_a_file_path_and_a_service_address_has_no_fragment() throws IOException {
        var load = load("""
                connector: soap
                connection: {wsdl: "ftp://erp.example.com/erp.wsdl", baseUrl: "https://erp.example.com/ws#main"}
                """);
        assertThat(load.report().errors()).extracting(Problem::line, Problem::code).containsExactly(tuple(2, "bad-value"), tuple(2, "bad-value"));
    }

    @Test
    void a_delivery_to_a_soap_operation_without_an_idempotency_header_or_element_is_at_least_once() throws IOException {
        Files.writeString(root.resolve("dovetail.yaml"), "name: tiny\n");
        Files.createDirectories(root.resolve("systems"));
        Files.createDirectories(root.resolve("flows"));
        Files.writeString(root.resolve("systems/crm.yaml"), """
                connector: http
                connection: {baseUrl: https://crm.example.com}
                events:
                  order-won: {key: id, webhook: {}}
                """);
        Files.writeString(root.resolve("systems/erp.yaml"), """
                connector: soap
                connection: {wsdl: wsdl/erp.wsdl}
                operations:
                  createSalesOrder: {}
                  confirmShipment:
                    options: {idempotencyElement: idempotencyKey}
                """);
        Files.writeString(root.resolve("flows/relay.yaml"), """
                trigger: {event: crm.order-won}
                steps:
                  - deliver: erp.createSalesOrder
                  - deliver: erp.confirmShipment
                """);

        var load = new WorkspaceLoader(Environment.of(SECRETS), new BracketSyntax()).load(root);

        assertThat(load.report().errors()).extracting(Problem::format).isEmpty();
        assertThat(load.report().warnings()).extracting(Problem::file, Problem::line, Problem::code)
                .containsExactly(tuple("flows/relay.yaml", 3, "at-least-once"));
        assertThat(load.report().warnings().getFirst().hint()).contains("options.idempotencyElement");
    }

    private static Problem find(WorkspaceLoad load, int line) {
        return load.report().problems().stream().filter(p -> p.line() == line).findFirst().orElseThrow();
    }
}
