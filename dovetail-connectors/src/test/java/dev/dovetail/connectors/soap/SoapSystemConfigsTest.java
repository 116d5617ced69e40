package dev.dovetail.connectors.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.connectors.http.HttpAuth;
import dev.dovetail.model.Environment;
import dev.dovetail.model.ExpressionSyntax;
import dev.dovetail.model.Problem;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoapSystemConfigsTest {

    @TempDir
    Path root;

    @Test
    void a_loaded_soap_system_converts_with_its_wsdl_file_address_auth_and_operation_options() throws IOException {
        var workspace = load("""
                connector: soap
                connection:
                  wsdl: wsdl/erp.wsdl
                  baseUrl: https://erp.example.com/ws/SalesOrderService
                  port: SalesOrderPort
                  elementFormDefault: unqualified
                  headers: {X-Tenant: acme}
                auth: {type: basic, username: dovetail, password: "${secret:erp-password}"}
                limits: {timeout: 5s}
                operations:
                  createSalesOrder:
                    idempotencyHeader: X-Request-Id
                    options: {idempotencyElement: idempotencyKey}
                  placeOrder:
                    options: {operation: createSalesOrder, soapAction: "urn:erp:create"}
                """);

        var erp = SoapSystemConfigs.from(workspace.systems().get("erp"), workspace.root());

        assertThat(erp.name()).isEqualTo("erp");
        assertThat(erp.wsdl()).isEqualTo(root.resolve("wsdl/erp.wsdl").toAbsolutePath().normalize().toUri());
        assertThat(erp.endpoint()).isEqualTo(URI.create("https://erp.example.com/ws/SalesOrderService"));
        assertThat(erp.port()).isEqualTo("SalesOrderPort");
        assertThat(erp.elementForm()).isEqualTo(SoapSystemConfig.ElementForm.UNQUALIFIED);
        assertThat(erp.headers()).containsEntry("X-Tenant", "acme");
        assertThat(erp.auth()).isEqualTo(new HttpAuth.Basic("dovetail", "erp-secret"));
        assertThat(erp.limits().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(erp.operation("createSalesOrder")).isEqualTo(new SoapOperationConfig(null, null, "X-Request-Id", "idempotencyKey"));
        assertThat(erp.operation("placeOrder")).isEqualTo(new SoapOperationConfig("createSalesOrder", "urn:erp:create", null, null));
        assertThat(erp.operation("getSalesOrder")).as("undeclared: as the WSDL says").isEqualTo(SoapOperationConfig.DEFAULT);
        assertThat(SoapSystemConfigs.from(workspace)).containsOnlyKeys("erp");
    }

    @Test
    void a_wsdl_url_is_kept_as_it_is() throws IOException {
        var workspace = load("""
                connector: soap
                connection: {wsdl: "http://erp.local:9302/erp/ws/SalesOrderService?wsdl"}
                """);

        assertThat(SoapSystemConfigs.from(workspace.systems().get("erp"), workspace.root()).wsdl())
                .isEqualTo(URI.create("http://erp.local:9302/erp/ws/SalesOrderService?wsdl"));
    }

    @Test
    void a_wsdl_file_is_read_when_the_invoker_is_built_and_a_broken_one_fails_there() throws Exception {
        Files.createDirectories(root.resolve("wsdl"));
        Files.write(root.resolve("wsdl/erp.wsdl"), WsdlReaderTest.erpWsdl());
        var config = SoapSystemConfig.of("erp", root.resolve("wsdl/erp.wsdl").toUri());
        try (var invoker = SoapInvoker.create(config)) {
            assertThat(invoker.prepare()).isEmpty();
        }

        Files.writeString(root.resolve("wsdl/erp.wsdl"), "<html>not a WSDL</html>");
        assertThatThrownBy(() -> SoapInvoker.create(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("system erp").hasMessageContaining("not a WSDL 1.1 document");
        assertThatThrownBy(() -> SoapInvoker.create(SoapSystemConfig.of("erp", root.resolve("missing.wsdl").toUri())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the WSDL file");
    }

    @Test
    void only_soap_systems_convert() throws IOException {
        var workspace = load("""
                connector: http
                connection: {baseUrl: https://erp.example.com}
                """);

        assertThatThrownBy(() -> SoapSystemConfigs.from(workspace.systems().get("erp"), workspace.root()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("system erp uses the http connector, not soap");
        assertThat(SoapSystemConfigs.from(workspace)).isEmpty();
    }

    @Test
    void the_configuration_refuses_what_the_connector_cannot_use() {
        var wsdl = URI.create("https://erp.example.com/ws?wsdl");
        assertThatThrownBy(() -> SoapSystemConfig.of("erp", URI.create("ftp://erp.example.com/erp.wsdl")))
                .hasMessageContaining("http(s) URL or a file");
        assertThatThrownBy(() -> SoapSystemConfig.of("erp", URI.create("https://user:pw@erp.example.com/ws?wsdl")))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> SoapSystemConfig.of("erp", wsdl).withEndpoint(URI.create("file:///etc/passwd")))
                .hasMessageContaining("endpoint must be an http or https URL");
        assertThatThrownBy(() -> SoapOperationConfig.DEFAULT.withIdempotencyElement("header..key"))
                .hasMessageContaining("element names separated by dots");
        assertThatThrownBy(() -> SoapOperationConfig.DEFAULT.withSoapAction("urn:\"x\""))
                .hasMessageContaining("quotes");
    }

    private Workspace load(String erpYaml) throws IOException {
        Files.writeString(root.resolve("dovetail.yaml"), "name: soap-configs\n");
        Files.createDirectories(root.resolve("systems"));
        Files.writeString(root.resolve("systems/erp.yaml"), erpYaml);
        var load = new WorkspaceLoader(Environment.of(Map.of("DOVETAIL_SECRET_ERP_PASSWORD", "erp-secret")), ExpressionSyntax.ANY).load(root);
        assertThat(load.report().errors()).extracting(Problem::format).isEmpty();
        return load.workspace().orElseThrow();
    }
}
