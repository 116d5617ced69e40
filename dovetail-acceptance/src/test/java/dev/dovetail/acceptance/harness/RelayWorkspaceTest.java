package dev.dovetail.acceptance.harness;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.mapping.MappingResult;
import dev.dovetail.model.Environment;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoader;
import dev.dovetail.runtime.intake.IntakeDecision;
import dev.dovetail.runtime.intake.IntakeFixture;
import dev.dovetail.runtime.intake.WebhookIntake;
import dev.dovetail.runtime.intake.WebhookRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay workspace, the senders' signatures and the expected ERP orders agree with the hub's own intake and mapping. */
class RelayWorkspaceTest {
    private static Workspace workspace;
    private static MappingEngine mappings;

    @BeforeAll
    static void load(@TempDir Path dir) {
        var root = Workspaces.copy("relay", dir.resolve("relay"));
        var load = new WorkspaceLoader(Environment.of(Map.of("ERP_URL", "http://127.0.0.1:9",
                HubProcess.secretVariable(Workspaces.CRM_SECRET_NAME), Workspaces.CRM_SECRET)), new JsonataSyntax()).load(root);
        assertThat(load.report().problems()).as("problems of the relay workspace").isEmpty();
        workspace = load.workspace().orElseThrow();
        mappings = MappingEngine.of(workspace);
    }

    @Test
    void the_signer_computes_the_same_hmac_as_the_intake_fixture() {
        byte[] body = OrderEvents.event(7).body();
        var signer = WebhookSigner.crm(IntakeFixture.SHOP_SECRET);
        assertThat(signer.signature("1764000000", body)).isEqualTo(IntakeFixture.hmacHex(IntakeFixture.SHOP_SECRET, "1764000000", body));
    }

    @Test
    void a_signed_event_is_accepted_by_the_hubs_intake_with_the_order_id_as_record_key() {
        var event = OrderEvents.event(42);
        var now = Instant.now();
        var decision = new WebhookIntake().receive(workspace, mappings, request(event.body(),
                WebhookSigner.crm(Workspaces.CRM_SECRET).headers(now.getEpochSecond(), event.body()), now));
        assertThat(decision).isInstanceOfSatisfying(IntakeDecision.Accepted.class,
                accepted -> assertThat(accepted.event().recordKey()).isEqualTo("OPP-000042"));
    }

    @Test
    void an_event_signed_with_another_secret_is_refused_with_401() {
        var event = OrderEvents.event(42);
        var now = Instant.now();
        var decision = new WebhookIntake().receive(workspace, mappings, request(event.body(),
                WebhookSigner.crm("not-the-secret").headers(now.getEpochSecond(), event.body()), now));
        assertThat(decision).isInstanceOfSatisfying(IntakeDecision.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
    }

    @Test
    void the_relay_mapping_makes_the_expected_erp_order_of_every_kind_of_event() {
        for (int seq = 1; seq <= 400; seq++) {
            var event = OrderEvents.event(seq);
            var result = mappings.evaluate("erp/order.out", Json.parse(new String(event.body(), UTF_8)));
            assertThat(result).as("mapping of event %d", seq).isInstanceOf(MappingResult.Success.class);
            var erp = Json.compact(((MappingResult.Success) result).output());
            assertThat(OrderEvents.mismatch(erp)).as("event %d mapped to %s", seq, erp).isEmpty();
        }
    }

    @Test
    void events_are_a_pure_function_of_their_number_and_each_has_its_own_order_id() {
        assertThat(OrderEvents.event(123).body()).isEqualTo(OrderEvents.event(123).body());
        assertThat(OrderEvents.events(1000).stream().map(OrderEvents.OrderEvent::orderId).collect(Collectors.toSet())).hasSize(1000);
        assertThat(OrderEvents.seq("OPP-000123")).contains(123);
        assertThat(OrderEvents.seq("SO-1")).isEmpty();
    }

    @Test
    void a_wrong_erp_body_is_reported_with_the_field_that_differs() {
        var erp = new java.util.LinkedHashMap<>(OrderEvents.expectedErp(5));
        assertThat(OrderEvents.mismatch(Json.compact(erp))).isEmpty();
        erp.put("JE_FEN", ((Number) erp.get("JE_FEN")).longValue() + 1);
        assertThat(OrderEvents.mismatch(Json.compact(erp))).hasValueSatisfying(m -> assertThat(m).startsWith(".JE_FEN"));
    }

    private static WebhookRequest request(byte[] body, Map<String, String> headers, Instant now) {
        var multi = headers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        return new WebhookRequest("crm", "order-won", "application/json", multi, body, "127.0.0.1", now);
    }
}
