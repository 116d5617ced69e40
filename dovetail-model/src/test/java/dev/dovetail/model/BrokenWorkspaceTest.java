package dev.dovetail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** {@code workspaces/broken} holds one mistake per line below; each must be reported at its file and line. */
class BrokenWorkspaceTest {
    static final Path BROKEN = Path.of("src", "test", "resources", "workspaces", "broken");

    static final Tuple[] EXPECTED_ERRORS = {
            tuple("dovetail.yaml", 1, "bad-name"),
            tuple("dovetail.yaml", 2, "bad-timezone"),
            tuple("dovetail.yaml", 3, "bad-currency"),
            tuple("dovetail.yaml", 5, "bad-duration"),
            tuple("systems/crm.yaml", 2, "bad-value"),
            tuple("systems/crm.yaml", 4, "unset-variable"),
            tuple("systems/crm.yaml", 8, "inline-secret"),
            tuple("systems/crm.yaml", 10, "bad-duration"),
            tuple("systems/crm.yaml", 15, "unknown-key"),
            tuple("systems/crm.yaml", 24, "unresolved-secret"),
            tuple("systems/crm.yaml", 26, "bad-size"),
            tuple("systems/erp.yaml", 9, "duplicate-key"),
            tuple("systems/erp.yaml", 15, "unknown-operation"),
            tuple("systems/erp.yaml", 17, "name-mismatch"),
            tuple("model/customer.yaml", 1, "name-mismatch"),
            tuple("model/customer.yaml", 3, "unknown-field"),
            tuple("model/order.yaml", 1, "missing-field"),
            tuple("mappings/erp/order.out.jsonata", 3, "unknown-valuemap"),
            tuple("mappings/erp/order.out.jsonata", 5, "mapping-syntax"),
            tuple("valuemaps/order-status.csv", 3, "csv-ragged-row"),
            tuple("valuemaps/order-status.csv", 4, "csv-duplicate-key"),
            tuple("valuemaps/regions.csv", 1, "csv-columns"),
            tuple("flows/order-relay.yaml", 2, "unknown-event"),
            tuple("flows/order-relay.yaml", 4, "unknown-mapping"),
            tuple("flows/order-relay.yaml", 5, "mapping-syntax"),
            tuple("flows/order-relay.yaml", 6, "unknown-key"),
            tuple("flows/order-relay.yaml", 7, "unknown-operation"),
            tuple("flows/order-relay.yaml", 9, "wrong-type"),
            tuple("flows/typo.yaml", 5, "yaml-syntax"),
            tuple("syncs/customers.yaml", 2, "bad-value"),
            tuple("syncs/customers.yaml", 7, "unknown-mapping"),
            tuple("syncs/customers.yaml", 8, "unknown-system"),
            tuple("processes/lead-to-cash.yaml", 2, "bpmn-unknown-process"),
            tuple("processes/approval.yaml", 1, "bpmn-missing"),
            tuple("processes/refund.bpmn", 2, "bpmn-malformed"),
            tuple("routes/bad.camel.yaml", 1, "route-shape"),
            tuple("dashboards/operations.yaml", 8, "bad-value"),
            tuple("dashboards/Ops_Board.yaml", 0, "bad-name"),
            tuple("tests/orders.yaml", 3, "unknown-mapping"),
    };

    static final WorkspaceLoad LOAD = new WorkspaceLoader(Environment.of(Map.of()), new BracketSyntax()).load(BROKEN);

    @Test
    void every_mistake_is_reported_at_its_file_and_line() {
        assertThat(LOAD.report().errors()).extracting(Problem::file, Problem::line, Problem::code).contains(EXPECTED_ERRORS);
        assertThat(EXPECTED_ERRORS).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void no_error_is_reported_that_the_fixture_does_not_expect() {
        assertThat(LOAD.report().errors()).extracting(Problem::file, Problem::line, Problem::code).containsExactlyInAnyOrder(EXPECTED_ERRORS);
    }

    @Test
    void nothing_is_loaded_from_a_broken_workspace() {
        assertThat(LOAD.isLoaded()).isFalse();
        assertThat(LOAD.workspace()).isEmpty();
    }

    @Test
    void at_least_once_deliveries_and_unknown_folders_are_warnings() {
        assertThat(LOAD.report().warnings()).extracting(Problem::file, Problem::line, Problem::code).containsExactlyInAnyOrder(
                tuple("flows/order-relay.yaml", 8, "at-least-once"),
                tuple("scripts/", 0, "unknown-folder"));
        assertThat(LOAD.report().warnings().get(0).message()).contains("delivery to crm.createOrder is at-least-once");
    }

    @Test
    void problems_carry_columns_and_helpful_hints() {
        assertThat(find("systems/crm.yaml", 15)).satisfies(p -> {
            assertThat(p.column()).isEqualTo(5);
            assertThat(p.hint()).startsWith("did you mean 'idempotencyHeader'?");
        });
        assertThat(find("flows/order-relay.yaml", 5).column()).as("the '(' of the inline filter").isEqualTo(13);
        assertThat(find("dovetail.yaml", 2).hint()).isEqualTo("did you mean 'Asia/Shanghai'?");
        assertThat(find("systems/crm.yaml", 24).hint()).contains("DOVETAIL_SECRET_CRM_WEBHOOK", "./dovetail secret set crm-webhook");
        assertThat(find("systems/crm.yaml", 8).message()).as("an inline secret is never echoed").doesNotContain("hunter2");
        assertThat(find("flows/order-relay.yaml", 4).hint()).isEqualTo("did you mean 'erp/order.out'?");
    }

    @Test
    void an_xml_entity_in_a_bpmn_file_is_refused_not_expanded() {
        var p = find("processes/refund.bpmn", 2);
        assertThat(p.message()).contains("DOCTYPE");
        assertThat(p.message()).doesNotContain("root:");
    }

    private static Problem find(String file, int line) {
        return LOAD.report().problems().stream().filter(p -> p.file().equals(file) && p.line() == line).findFirst().orElseThrow();
    }
}
