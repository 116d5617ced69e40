package dev.dovetail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loader behaviour on small workspaces written by each test. */
class WorkspaceLoaderTest {
    @TempDir
    Path root;

    private final Map<String, String> env = new HashMap<>();

    private WorkspaceLoad load() {
        return new WorkspaceLoader(Environment.of(env), new BracketSyntax()).load(root);
    }

    private void write(String rel, String content) throws IOException {
        var file = root.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static final String SYSTEM = """
            connector: http
            connection:
              baseUrl: ${ERP_URL:http://127.0.0.1:9100}
            auth:
              type: bearer
              token: ${secret:erp-token}
            operations:
              createSalesOrder:
                method: POST
                path: /orders
                idempotencyHeader: Idempotency-Key
            """;

    @Test
    void a_minimal_workspace_loads_with_defaults() throws IOException {
        write("dovetail.yaml", "name: tiny\n");
        var load = load();
        assertThat(load.report().problems()).isEmpty();
        var settings = load.workspace().orElseThrow().settings();
        assertThat(settings.timezone().getId()).isEqualTo("UTC");
        assertThat(settings.currency().getCurrencyCode()).isEqualTo("CNY");
        assertThat(settings.mapping().timeout()).hasSeconds(2);
    }

    @Test
    void a_workspace_without_dovetail_yaml_is_rejected() throws IOException {
        write("systems/erp.yaml", SYSTEM);
        env.put("DOVETAIL_SECRET_ERP_TOKEN", "t");
        var load = load();
        assertThat(load.isLoaded()).isFalse();
        assertThat(load.report().errors()).extracting(Problem::file, Problem::code).containsExactly(tuple("dovetail.yaml", "missing-file"));
    }

    @Test
    void environment_placeholders_take_values_defaults_and_escapes() throws IOException {
        write("dovetail.yaml", "name: tiny\ndescription: costs $${PRICE} in ${REGION:the east}\n");
        write("systems/erp.yaml", SYSTEM);
        env.put("DOVETAIL_SECRET_ERP_TOKEN", "token-value");
        env.put("ERP_URL", "https://erp.example.com");
        var ws = load().workspace().orElseThrow();
        assertThat(ws.settings().description()).isEqualTo("costs ${PRICE} in the east");
        assertThat(ws.systems().get("erp").connection().baseUrl()).contains("https://erp.example.com");
        assertThat(((SystemDef.Auth.Bearer) ws.systems().get("erp").auth()).token().reveal()).isEqualTo("token-value");
        assertThat(ws.systems().get("erp").auth().toString()).doesNotContain("token-value");
    }

    @Test
    void secrets_come_from_the_encrypted_store_named_in_dovetail_yaml() throws IOException {
        write("dovetail.yaml", "name: tiny\nsecrets:\n  store: .dovetail/secrets.store\n");
        write("systems/erp.yaml", SYSTEM);
        var key = SecretStore.newMasterKey();
        SecretStore.open(root.resolve(".dovetail/secrets.store"), key).put("erp-token", "from-the-store");
        env.put(SecretStore.MASTER_KEY_VARIABLE, key);
        var load = load();
        assertThat(load.report().problems()).isEmpty();
        var auth = (SystemDef.Auth.Bearer) load.workspace().orElseThrow().systems().get("erp").auth();
        assertThat(auth.token().reveal()).isEqualTo("from-the-store");
    }

    @Test
    void a_store_that_cannot_be_opened_is_an_error_at_its_line() throws IOException {
        write("dovetail.yaml", "name: tiny\nsecrets:\n  store: .dovetail/secrets.store\n");
        SecretStore.open(root.resolve(".dovetail/secrets.store"), SecretStore.newMasterKey()).put("x", "1");
        env.put(SecretStore.MASTER_KEY_VARIABLE, SecretStore.newMasterKey());
        assertThat(load().report().errors()).extracting(Problem::file, Problem::line, Problem::code)
                .containsExactly(tuple("dovetail.yaml", 3, "secret-store"));
    }

    @Test
    void the_version_depends_on_content_only() throws IOException {
        write("dovetail.yaml", "name: tiny\n");
        write("mappings/a.jsonata", "{\"a\": 1}");
        var first = load().workspace().orElseThrow().version();
        assertThat(load().workspace().orElseThrow().version()).isEqualTo(first);
        write("mappings/a.jsonata", "{\"a\": 2}");
        assertThat(load().workspace().orElseThrow().version()).isNotEqualTo(first);
    }

    @Test
    void a_value_map_with_a_byte_order_mark_and_quoted_cells_loads() throws IOException {
        write("dovetail.yaml", "name: tiny\n");
        Files.createDirectories(root.resolve("valuemaps"));
        Files.write(root.resolve("valuemaps/status.csv"),
                ("\uFEFFcrm,erp\r\n\"Won, finally\",APPROVED\r\n\r\n*,UNKNOWN\r\n").getBytes(StandardCharsets.UTF_8));
        var load = load();
        assertThat(load.report().problems()).isEmpty();
        var vm = load.workspace().orElseThrow().valueMaps().get("status");
        assertThat(vm.columns()).containsExactly("crm", "erp");
        assertThat(vm.lookup("Won, finally")).contains("APPROVED");
        assertThat(vm.defaultValue()).contains("UNKNOWN");
    }

    @Test
    void a_value_map_that_is_not_utf8_is_rejected_with_a_hint() throws IOException {
        write("dovetail.yaml", "name: tiny\n");
        Files.createDirectories(root.resolve("valuemaps"));
        Files.write(root.resolve("valuemaps/status.csv"), "crm,erp\n已成交,APPROVED\n".getBytes("GBK"));
        var problem = load().report().errors().get(0);
        assertThat(problem.code()).isEqualTo("bad-encoding");
        assertThat(problem.line()).isEqualTo(2);
        assertThat(problem.hint()).contains("UTF-8");
    }

    @Test
    void a_syntax_error_in_a_block_expression_points_at_its_file_line_and_column() throws IOException {
        write("dovetail.yaml", "name: tiny\n");
        write("systems/erp.yaml", SYSTEM + """
                events:
                  changed:
                    key: id
                    schedule: {every: 1m}
                """);
        env.put("DOVETAIL_SECRET_ERP_TOKEN", "t");
        write("flows/relay.yaml", """
                trigger:
                  event: erp.changed
                steps:
                  - map:
                      expression: |
                        {
                          "a": (b
                        }
                  - deliver: erp.createSalesOrder
                """);
        var errors = load().report().errors();
        // the stand-in checker stops at the '}' that closes the '(' : line 8 of the file, column 9
        assertThat(errors).extracting(Problem::file, Problem::line, Problem::column, Problem::code)
                .containsExactly(tuple("flows/relay.yaml", 8, 9, "mapping-syntax"));
    }

    @Test
    void a_secret_in_a_secret_field_must_be_a_reference_even_when_it_looks_like_one() throws IOException {
        write("dovetail.yaml", "name: tiny\n");
        write("systems/erp.yaml", SYSTEM.replace("${secret:erp-token}", "Bearer ${secret:erp-token}"));
        env.put("DOVETAIL_SECRET_ERP_TOKEN", "t");
        assertThat(load().report().errors()).extracting(Problem::line, Problem::code).containsExactly(tuple(6, "inline-secret"));
    }

    @Test
    void a_sync_checks_entity_fields_master_and_operations() throws IOException {
        write("dovetail.yaml", "name: tiny\n");
        write("systems/erp.yaml", SYSTEM);
        write("systems/crm.yaml", SYSTEM.replace("createSalesOrder", "createAccount"));
        env.put("DOVETAIL_SECRET_ERP_TOKEN", "t");
        write("model/customer.yaml", "entity: Customer\nschema:\n  type: object\n  properties:\n    name: {type: string}\n");
        write("mappings/c.jsonata", "$");
        write("syncs/customers.yaml", """
                entity: Customer
                master: crm
                fields:
                  nmae: erp
                systems:
                  crm:
                    trigger: {schedule: {every: 10m}}
                    in: c
                  erp:
                    out: c
                    create: createCustomer
                """);
        assertThat(load().report().errors()).extracting(Problem::file, Problem::line, Problem::code).containsExactly(
                tuple("syncs/customers.yaml", 4, "unknown-field"),
                tuple("syncs/customers.yaml", 11, "unknown-operation"));
    }

    @Test
    void files_in_unknown_folders_are_warnings_and_do_not_stop_loading() throws IOException {
        write("dovetail.yaml", "name: tiny\n");
        write("notes/readme.txt", "hello");
        write("system/crm.yaml", "title: typo in the folder name\n");
        var load = load();
        assertThat(load.isLoaded()).isTrue();
        assertThat(load.report().warnings()).extracting(Problem::file, Problem::code, Problem::hint).contains(
                tuple("system/", "unknown-folder", "did you mean 'systems'?"));
    }
    @Test
    void structural_mistakes_are_reported_with_their_place() throws IOException {
        write("dovetail.yaml", "name: tiny\ntimezon: UTC\n");
        write("systems/crm.yaml", "- connector: http\n");
        write("systems/erp.yaml", "connector: http\nconnection:\n\tbaseUrl: http://erp\n");
        write("flows/a.yaml", "trigger: {event: crm.x}\nsteps:\n  - deliver\n");
        write("dashboards/b.yaml", "title: one\n---\ntitle: two\n");
        assertThat(load().report().errors()).extracting(Problem::file, Problem::line, Problem::code).containsExactlyInAnyOrder(
                tuple("dashboards/b.yaml", 2, "yaml-syntax"),
                tuple("dovetail.yaml", 2, "unknown-key"),
                tuple("flows/a.yaml", 3, "wrong-type"),
                tuple("systems/crm.yaml", 1, "wrong-type"),
                tuple("systems/erp.yaml", 3, "yaml-syntax"));
    }

    @Test
    void an_alias_bomb_is_refused_without_expanding_it() throws IOException {
        write("dovetail.yaml", "name: tiny\n");
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 8; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 5; j++) bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            bomb.append("]\n");
        }
        write("tests/bomb.yaml", "tests: []\n" + bomb);
        assertThat(load().report().errors()).extracting(Problem::file, Problem::code).containsExactly(tuple("tests/bomb.yaml", "file-too-large"));
    }
}
