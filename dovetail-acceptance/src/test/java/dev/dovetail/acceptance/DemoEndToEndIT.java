package dev.dovetail.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.acceptance.harness.HubProcess;
import dev.dovetail.acceptance.harness.Poll;
import dev.dovetail.acceptance.harness.Ports;
import dev.dovetail.sandbox.common.Json;
import dev.dovetail.sandbox.junit.SandboxSystem;
import dev.dovetail.sandbox.traffic.TrafficGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's main job, end to end (issue 4's acceptance): the hub on {@code examples/demo} against the sandbox
 * CRM, ERP and WMS. 200 opportunities are won while the CRM sends about every second webhook twice and the ERP is
 * down for 30 seconds in the middle; every opportunity must become exactly one ERP sales order and one WMS
 * shipment, and the shipment must come back: the ERP order SHIPPED, the CRM opportunity carrying its tracking
 * number.
 */
class DemoEndToEndIT {
    private static final int OPPORTUNITIES = 200;
    private static final int HUB_PORT = Ports.free();

    @RegisterExtension
    static final SandboxSystem crm = SandboxSystem.crm()
            .withOption("seed", "true")
            .withOption("rate-limit", "0")
            .withOption("webhook", "opportunity.won=http://127.0.0.1:" + HUB_PORT + "/hooks/crm/order-won")
            .withOption("webhook-duplicate-probability", "0.5")
            .withOption("webhook-retry-ms", "500");

    @RegisterExtension
    static final SandboxSystem erp = SandboxSystem.erp().withOption("seed", "true").withOption("db-port", "0");

    @RegisterExtension
    static final SandboxSystem wms = SandboxSystem.wms()
            .withOption("seed", "true")
            .withOption("sftp-port", "0")
            .withOption("ship-delay-ms", "300")
            .withOption("poll-ms", "200")
            .withOption("stock-count-every-seconds", "0");

    @TempDir
    static Path dir;

    private static HubProcess hub;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startHub() {
        Path workspace = Path.of(System.getProperty("dovetail.demo.workspace", "../examples/demo")).toAbsolutePath().normalize();
        assertThat(workspace.resolve("dovetail.yaml")).exists();
        hub = HubProcess.builder("demo", dir)
                .workspace(workspace)
                .port(HUB_PORT)
                .env("CRM_URL", crm.baseUrl() + "/api")
                .env("ERP_URL", erp.baseUrl().toString())
                .env("WMS_SFTP_HOST", "127.0.0.1")
                .env("WMS_SFTP_PORT", Integer.toString(URI.create(wms.app().endpoints().get("sftp")).getPort()))
                .secret("crm-client-secret", "crm-secret")
                .secret("crm-webhook-secret", "crm-webhook-secret")
                .secret("wms-sftp-password", "wms-password")
                // the ERP is down for 30 s: come back within a few seconds of its return, well before giving up
                .arg("--dovetail.delivery.backoff.max=5s")
                .arg("--dovetail.delivery.max-attempts=40")
                .arg("--dovetail.files.poll-interval=500ms")
                .start();
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) hub.close();
    }

    @Test
    void every_won_opportunity_becomes_one_erp_order_and_one_shipment_and_the_shipment_comes_back() throws Exception {
        var settings = new TrafficGenerator.Settings(crm.baseUrl(), java.util.Optional.empty(), "dovetail", "crm-secret", 25,
                OPPORTUNITIES / 2, Duration.ZERO, 0, 7);
        List<String> won = new ArrayList<>(new TrafficGenerator(settings, null).run());
        erp.control().downFor(30);
        won.addAll(new TrafficGenerator(new TrafficGenerator.Settings(crm.baseUrl(), java.util.Optional.empty(), "dovetail",
                "crm-secret", 25, OPPORTUNITIES / 2, Duration.ZERO, 0, 8), null).run());
        assertThat(won).hasSize(OPPORTUNITIES).doesNotHaveDuplicates();

        Poll.until(Duration.ofMinutes(5), Duration.ofSeconds(1), () -> shippedOrders() >= OPPORTUNITIES,
                () -> "all " + OPPORTUNITIES + " ERP orders SHIPPED; now " + shippedOrders() + "; hub log:\n" + hub.logTail(40));

        Map<String, List<String[]>> ordersByOpportunity = erpOrdersByOpportunity();
        assertThat(ordersByOpportunity.keySet()).containsExactlyInAnyOrderElementsOf(won);
        assertThat(ordersByOpportunity.values()).allSatisfy(orders -> {
            assertThat(orders).hasSize(1);
            assertThat(orders.getFirst()[1]).isEqualTo("SHIPPED");
        });
        assertThat(wms.control().stat("wms.orders.received")).isEqualTo(OPPORTUNITIES);
        assertThat(wms.control().stat("wms.orders.shipped")).isEqualTo(OPPORTUNITIES);
        assertThat(wms.control().stat("wms.files.rejected")).isZero();

        String token = crmToken();
        Poll.until(Duration.ofMinutes(1), Duration.ofSeconds(1), () -> won.stream().allMatch(id -> shippedInCrm(token, id)),
                () -> "every opportunity marked shipped in the CRM");
        for (String id : won) {
            Map<String, Object> custom = customOf(token, id);
            assertThat(custom.get("erpOrderNo")).as(id).isEqualTo(ordersByOpportunity.get(id).getFirst()[0]);
            assertThat(custom.get("trackingNo")).as(id).isEqualTo(ordersByOpportunity.get(id).getFirst()[2]);
        }
        // the hazards really happened
        assertThat(crm.control().stat("webhooks.duplicates")).isPositive();
        assertThat(erp.control().stat("faults.down")).isPositive();
    }

    private static String erpDb() {
        return erp.app().endpoints().get("db");
    }

    private static int shippedOrders() {
        try (var connection = DriverManager.getConnection(erpDb(), "erp", "erp-password");
             var query = connection.prepareStatement("SELECT COUNT(*) FROM XS_DD WHERE WBDH LIKE 'OPP-%' AND ZT = 'SHIPPED'");
             var rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            return -1; // the database port is closed while the ERP is down
        }
    }

    /** WBDH (the opportunity) → its orders as [XSDDH, ZT, WLDH]. */
    private static Map<String, List<String[]>> erpOrdersByOpportunity() throws SQLException {
        var result = new HashMap<String, List<String[]>>();
        try (var connection = DriverManager.getConnection(erpDb(), "erp", "erp-password");
             var query = connection.prepareStatement("SELECT WBDH, XSDDH, ZT, WLDH FROM XS_DD WHERE WBDH LIKE 'OPP-%'");
             var rows = query.executeQuery()) {
            while (rows.next()) {
                result.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                        .add(new String[] {rows.getString(2), rows.getString(3).trim(), rows.getString(4)});
            }
        }
        return result;
    }

    private String crmToken() throws Exception {
        var response = http.send(HttpRequest.newBuilder(crm.baseUrl().resolve("/api/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=dovetail&client_secret=crm-secret"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return (String) Json.readObject(response.body()).get("access_token");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> customOf(String token, String id) {
        try {
            var response = http.send(HttpRequest.newBuilder(crm.baseUrl().resolve("/api/opportunities/" + id))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            var custom = Json.readObject(response.body()).get("custom");
            return custom instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean shippedInCrm(String token, String id) {
        return Boolean.TRUE.equals(customOf(token, id).get("shipped"));
    }
}
