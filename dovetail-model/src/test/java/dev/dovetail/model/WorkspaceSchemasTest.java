package dev.dovetail.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The published JSON Schemas accept every YAML file of the showcase and reject typical mistakes. */
class WorkspaceSchemasTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static JsonSchema schema(String kind) {
        return FACTORY.getSchema(WorkspaceSchemas.json(kind).orElseThrow(() -> new AssertionError("no schema on the classpath for " + kind)));
    }

    @Test
    void every_kind_has_a_schema_on_the_classpath() {
        for (var kind : WorkspaceSchemas.KINDS) {
            assertThat(WorkspaceSchemas.json(kind)).as(kind).isPresent().get().asString().contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
        }
    }

    @Test
    void every_yaml_file_of_the_showcase_validates_against_its_schema() throws IOException {
        var root = ShowcaseWorkspaceTest.SHOWCASE;
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (var file : files.filter(Files::isRegularFile).sorted().toList()) {
                var rel = root.relativize(file).toString().replace('\\', '/');
                var kind = WorkspaceSchemas.kindOf(rel);
                if (kind.isEmpty()) continue;
                checked.add(kind.get());
                for (ValidationMessage m : schema(kind.get()).validate(YAML.readTree(file.toFile()))) failures.add(rel + ": " + m.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).containsAll(WorkspaceSchemas.KINDS);
    }

    @Test
    void the_schemas_catch_typical_mistakes() throws IOException {
        assertThat(schema("system").validate(YAML.readTree("""
                connector: http
                connection: {baseUrl: https://erp.example.com}
                auth: {type: basic, username: u, password: hunter2}
                """))).as("an inline password").isNotEmpty();
        assertThat(schema("system").validate(YAML.readTree("""
                connector: soap
                connection: {baseUrl: https://erp.example.com/ws}
                """))).as("a soap system without a wsdl").isNotEmpty();
        assertThat(schema("system").validate(YAML.readTree("""
                connector: soap
                connection: {wsdl: wsdl/erp.wsdl}
                operations: {createSalesOrder: {options: {idempotencyElement: idempotencyKey}}}
                """))).as("a soap system needs no baseUrl").isEmpty();
        assertThat(schema("flow").validate(YAML.readTree("""
                trigger: {event: crm.order-won}
                steps: [{transform: x}]
                """))).as("an unknown step").isNotEmpty();
        assertThat(schema("dashboard").validate(YAML.readTree("""
                title: Ops
                alerts: [{id: a, when: x > 1, severity: urgent}]
                """))).as("a bad severity").isNotEmpty();
        assertThat(schema("dovetail").validate(YAML.readTree("name: ok\nmapping: {timeout: 2 seconds}\n"))).as("a bad duration").isNotEmpty();
    }

    @Test
    void the_system_schema_knows_every_key_the_http_connector_reads() throws IOException {
        var system = """
                connector: http
                connection:
                  baseUrl: https://gw.example.com
                  headers: {X-Tenant: acme}
                auth:
                  type: hmac
                  secret: ${secret:gw}
                  canonical: "{method}\\n{sortedQuery}\\n{nonce}\\n{bodySha256}"
                  prefix: "HMAC-SHA256 "
                  timestampFormat: seconds
                limits:
                  maxResponseSize: 2MB
                  circuitBreaker: {enabled: true, failureRate: 60%, window: 40, minimumCalls: 5, openFor: 30s, halfOpenCalls: 2}
                operations:
                  list: {method: GET, path: /x, pagination: {type: link, maxPages: 20}, options: {bodyFormat: form}}
                """;
        assertThat(schema("system").validate(YAML.readTree(system))).isEmpty();
        assertThat(schema("system").validate(YAML.readTree(system.replace("{nonce}", "{nonse}")))).as("an unknown placeholder").isNotEmpty();
        assertThat(schema("system").validate(YAML.readTree(system.replace("60%", "150")))).as("a failure rate over 100").isNotEmpty();
        assertThat(schema("system").validate(YAML.readTree("""
                connector: http
                connection: {baseUrl: https://gw.example.com}
                auth: {type: oauth2-client-credentials, tokenUrl: https://gw.example.com/t, clientId: c, clientSecret: "${secret:c}",
                       clientAuthentication: body, refreshBefore: 1m}
                """))).as("oauth2 client authentication and refresh lead time").isEmpty();
    }
}
