package dev.dovetail.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShowcaseWorkspaceTest {
    static final Path SHOWCASE = Path.of("..", "examples", "showcase");
    static final Map<String, String> ENV = Map.of(
            "DOVETAIL_SECRET_CRM_CLIENT_SECRET", "crm-secret-for-tests",
            "DOVETAIL_SECRET_CRM_WEBHOOK_SECRET", "webhook-secret-for-tests",
            "DOVETAIL_SECRET_ERP_PASSWORD", "erp-password-for-tests");

    static WorkspaceLoad loadShowcase() {
        return new WorkspaceLoader(Environment.of(ENV), new BracketSyntax()).load(SHOWCASE);
    }

    @Test
    void the_showcase_loads_without_errors_or_warnings() {
        var load = loadShowcase();
        assertThat(load.report().problems()).extracting(Problem::format).isEmpty();
        assertThat(load.isLoaded()).isTrue();
    }

    @Test
    void without_its_secrets_the_showcase_is_rejected_for_running() {
        var load = new WorkspaceLoader(Environment.of(Map.of()), new BracketSyntax()).load(SHOWCASE);
        assertThat(load.isLoaded()).isFalse();
        assertThat(load.report().errors()).extracting(Problem::code).containsOnly("unresolved-secret").hasSize(3);
    }

    @Test
    void without_its_secrets_the_showcase_still_validates_with_warnings_when_secrets_are_optional() {
        var load = new WorkspaceLoader(Environment.of(Map.of()).withOptionalSecrets(), new BracketSyntax()).load(SHOWCASE);
        assertThat(load.isLoaded()).isTrue();
        assertThat(load.report().warnings()).extracting(Problem::code).containsOnly("unresolved-secret").hasSize(3);
        assertThat(load.report().warnings()).extracting(Problem::file).contains("systems/crm.yaml", "systems/erp.yaml");
    }

    @Test
    void the_showcase_is_read_into_typed_records() {
        var ws = loadShowcase().workspace().orElseThrow();
        assertThat(ws.settings().name()).isEqualTo("showcase");
        assertThat(ws.settings().timezone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(ws.systems()).containsOnlyKeys("crm", "erp", "wms");
        var crm = ws.systems().get("crm");
        assertThat(crm.connection().baseUrl()).contains("http://127.0.0.1:9301/api");
        assertThat(crm.auth()).isInstanceOfSatisfying(SystemDef.Auth.OAuth2ClientCredentials.class,
                a -> assertThat(a.clientSecret().reveal()).isEqualTo("crm-secret-for-tests"));
        assertThat(crm.limits().timeout()).isEqualTo(Duration.ofSeconds(10));
        var webhook = (SystemDef.Webhook) crm.events().get("order-won").source();
        assertThat(webhook.maxBodySize()).isEqualTo(1024 * 1024);
        assertThat(webhook.signature().orElseThrow().tolerance()).isEqualTo(Duration.ofMinutes(5));
        var poll = (Poll) crm.events().get("account-changed").source();
        assertThat(poll.schedule().every()).contains(Duration.ofSeconds(30));
        assertThat(ws.entities()).containsOnlyKeys("Customer", "SalesOrder");
        assertThat(ws.entities().get("Customer").fieldPaths()).contains("taxId", "address.city");
        assertThat(ws.mappings()).containsKeys("erp/order.out", "crm/customer.in");
        assertThat(ws.valueMaps().get("order-status").lookup("Closed Won")).contains("APPROVED");
        assertThat(ws.valueMaps().get("order-status").defaultValue()).contains("UNKNOWN");
        var relay = ws.flows().get("order-relay");
        assertThat(relay.trigger()).isEqualTo(new Trigger.OnEvent(new EventRef("crm", "order-won")));
        assertThat(relay.steps()).hasExactlyElementsOfTypes(Step.Map.class, Step.Choice.class, Step.Deliver.class, Step.Reply.class);
        assertThat(ws.syncs().get("customers").masterOf("taxId")).isEqualTo("erp");
        assertThat(ws.processes().get("lead-to-cash").bpmnXml()).contains("leadToCash");
        assertThat(ws.routes().get("heartbeat").source()).contains("timer:heartbeat");
        assertThat(ws.dashboards().get("operations").alerts()).hasSize(2);
        assertThat(ws.fixtures()).hasSize(3);
        assertThat(ws.version()).hasSize(64);
    }
}
