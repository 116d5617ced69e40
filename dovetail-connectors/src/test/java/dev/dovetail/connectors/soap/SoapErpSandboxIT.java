package dev.dovetail.connectors.soap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.Environment;
import dev.dovetail.model.ExpressionSyntax;
import dev.dovetail.model.Problem;
import dev.dovetail.model.WorkspaceLoader;
import dev.dovetail.sandbox.erp.ErpSandbox;
import dev.dovetail.sandbox.junit.Poll;
import dev.dovetail.sandbox.junit.SandboxSystem;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.OperationCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The SOAP connector against the real ERP sandbox, configured the way a workspace does it. */
class SoapErpSandboxIT {

    private static final String DB_PASSWORD = "soap-it-password";

    @RegisterExtension
    static SandboxSystem erp = SandboxSystem.erp().withOption("db-password", DB_PASSWORD);

    @TempDir
    Path workspace;

    private SoapInvoker invoker;

    @BeforeEach
    void freshErpAndInvoker() throws IOException {
        erp.control().clearFaults();
        erp.control().reset();
        erp.control().seed();
        invoker = SoapInvoker.create(SoapSystemConfigs.from(erpSystem(), workspace));
        assertThat(invoker.prepare()).as("the WSDL is read before faults are injected").isEmpty();
    }

    @AfterEach
    void close() {
        invoker.close();
        erp.control().clearFaults();
    }

    @Test
    void a_sales_order_created_over_soap_is_a_row_of_the_erp_database() throws SQLException {
        var outcome = invoker.invoke(createOrder("OPP-1001").withIdempotencyKey("crm-opp-OPP-1001"));

        assertThat(outcome).isInstanceOfSatisfying(Delivered.class, delivered -> {
            assertThat(delivered.status()).isEqualTo(200);
            assertThat(delivered.response()).isEqualTo(Map.of("XSDDH", "XS00001001", "JE_FEN", "30300", "ZT", "NEW", "replayed", "false"));
        });
        assertThat(query("SELECT KHBM || '|' || DJRQ || '|' || JE_FEN || '|' || WBDH || '|' || BZ || '|' || ZT FROM XS_DD WHERE XSDDH = 'XS00001001'"))
                .containsExactly("C00003|20261101|30300|OPP-1001|来自 CRM|NEW");
        assertThat(query("SELECT HH || ' ' || WLBM || ' ' || SL FROM XS_DDMX WHERE XSDDH = 'XS00001001' ORDER BY HH"))
                .containsExactly("1 WL1001 3", "2 WL1005 2");
        assertThat(query("SELECT XSDDH FROM XT_MDJ WHERE MDJ = 'crm-opp-OPP-1001'")).as("the key went into idempotencyKey")
                .containsExactly("XS00001001");
    }

    @Test
    void the_same_idempotency_key_twice_creates_one_order() throws SQLException {
        var first = invoker.invoke(createOrder("OPP-2").withIdempotencyKey("crm-opp-OPP-2"));
        var again = invoker.invoke(createOrder("OPP-2").withIdempotencyKey("crm-opp-OPP-2"));

        assertThat(first).isInstanceOfSatisfying(Delivered.class, d -> assertThat(response(d)).containsEntry("replayed", "false"));
        assertThat(again).isInstanceOfSatisfying(Delivered.class, d -> assertThat(response(d))
                .containsEntry("XSDDH", response((Delivered) first).get("XSDDH")).containsEntry("replayed", "true"));
        assertThat(query("SELECT XSDDH FROM XS_DD WHERE WBDH = 'OPP-2'")).hasSize(1);
    }

    @Test
    void an_unknown_customer_is_rejected_with_the_erp_s_fault_string() throws SQLException {
        var body = orderBody("OPP-3");
        body.put("KHBM", "C99999");

        var outcome = invoker.invoke(OperationCall.of("erp", "createSalesOrder").withJsonBody(body).withIdempotencyKey("crm-opp-OPP-3"));

        assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo("SOAP fault soap:Client: no customer with KHBM C99999");
            assertThat(rejected.status()).isEqualTo(500);
            assertThat(rejected.responseExcerpt()).contains("UNKNOWN_CUSTOMER");
        });
        assertThat(query("SELECT XSDDH FROM XS_DD WHERE WBDH = 'OPP-3'")).isEmpty();
    }

    @Test
    void an_injected_erp_failure_retries_later_and_the_retry_creates_the_order_once() throws SQLException {
        erp.control().failNext(1, 500);

        var failed = invoker.invoke(createOrder("OPP-4").withIdempotencyKey("crm-opp-OPP-4"));
        var retried = invoker.invoke(createOrder("OPP-4").withIdempotencyKey("crm-opp-OPP-4"));

        assertThat(failed).isInstanceOfSatisfying(RetryLater.class, later -> {
            assertThat(later.reason()).startsWith("SOAP fault soap:Server");
            assertThat(later.status()).isEqualTo(500);
        });
        assertThat(retried).isInstanceOf(Delivered.class);
        assertThat(query("SELECT XSDDH FROM XS_DD WHERE WBDH = 'OPP-4'")).hasSize(1);
    }

    @Test
    void an_erp_outage_retries_later_after_the_time_it_names() {
        erp.control().downFor(30);

        var outcome = invoker.invoke(createOrder("OPP-5").withIdempotencyKey("crm-opp-OPP-5"));

        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, later -> {
            assertThat(later.status()).isEqualTo(503);
            assertThat(later.reason()).startsWith("SOAP fault soap:Server");
            assertThat(later.after()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void the_wsdl_is_fetched_again_once_the_erp_is_back() throws IOException {
        erp.control().downFor(30);
        try (var fresh = SoapInvoker.create(SoapSystemConfigs.from(erpSystem(), workspace))) {
            var whileDown = fresh.invoke(createOrder("OPP-6").withIdempotencyKey("crm-opp-OPP-6"));
            assertThat(fresh.prepare()).as("still down").get().isInstanceOf(RetryLater.class);
            assertThat(whileDown).isInstanceOfSatisfying(RetryLater.class,
                    later -> assertThat(later.reason()).startsWith("cannot use the WSDL of system 'erp'").contains("HTTP 503"));

            erp.control().clearFaults();
            var outcome = new DeliveryOutcome[1];
            Poll.until(Duration.ofSeconds(10), "the WSDL is fetched again after the pause", () -> {
                outcome[0] = fresh.invoke(createOrder("OPP-6").withIdempotencyKey("crm-opp-OPP-6"));
                return outcome[0] instanceof Delivered;
            });
        }
    }

    @Test
    void a_shipment_confirmation_marks_the_order_shipped() throws SQLException {
        assertThat(invoker.invoke(createOrder("OPP-7").withIdempotencyKey("crm-opp-OPP-7"))).isInstanceOf(Delivered.class);
        var confirmation = new LinkedHashMap<String, Object>();
        confirmation.put("XSDDH", "XS00001001");
        confirmation.put("FHRQ", "20261102");
        confirmation.put("WLDH", "SF1234567890");
        confirmation.put("CK", "CK01");

        var outcome = invoker.invoke(OperationCall.of("erp", "confirmShipment").withJsonBody(confirmation));

        assertThat(outcome).isInstanceOfSatisfying(Delivered.class, delivered -> assertThat(delivered.response()).isEqualTo(Map.of(
                "XSDDH", "XS00001001", "ZT", "SHIPPED", "FHRQ", "20261102", "WLDH", "SF1234567890", "replayed", "false")));
        assertThat(query("SELECT ZT || ' ' || FHRQ || ' ' || WLDH FROM XS_DD WHERE XSDDH = 'XS00001001'"))
                .containsExactly("SHIPPED 20261102 SF1234567890");
    }

    @Test
    void reading_an_order_gives_its_repeated_lines_as_a_list() {
        assertThat(invoker.invoke(createOrder("OPP-8").withIdempotencyKey("crm-opp-OPP-8"))).isInstanceOf(Delivered.class);

        var outcome = invoker.invoke(OperationCall.of("erp", "getSalesOrder").withJsonBody(Map.of("XSDDH", "XS00001001")));

        assertThat(outcome).isInstanceOfSatisfying(Delivered.class, delivered -> {
            @SuppressWarnings("unchecked")
            var order = (Map<String, Object>) response(delivered).get("DD");
            assertThat(order).containsEntry("KHBM", "C00003").containsEntry("JE_FEN", "30300");
            assertThat(order.get("MX")).isInstanceOfSatisfying(List.class, lines -> assertThat(lines).hasSize(2));
        });
    }

    @Test
    void a_wsdl_file_of_the_workspace_works_with_base_url_naming_the_service() throws Exception {
        Files.createDirectories(workspace.resolve("wsdl"));
        Files.write(workspace.resolve("wsdl/erp.wsdl"), WsdlReaderTest.erpWsdl()); // its address is the default port, not the sandbox's
        Files.writeString(workspace.resolve("systems/erp.yaml"), """
                connector: soap
                connection:
                  wsdl: wsdl/erp.wsdl
                  baseUrl: ${ERP_URL}/erp/ws/SalesOrderService
                operations:
                  createSalesOrder:
                    options: {idempotencyElement: idempotencyKey}
                """);
        var load = new WorkspaceLoader(Environment.of(Map.of("ERP_URL", erp.baseUrl().toString())), ExpressionSyntax.ANY).load(workspace);
        assertThat(load.report().errors()).extracting(Problem::format).isEmpty();

        try (var fromFile = SoapInvoker.create(SoapSystemConfigs.from(load.workspace().orElseThrow().systems().get("erp"), workspace))) {
            assertThat(fromFile.invoke(createOrder("OPP-9").withIdempotencyKey("crm-opp-OPP-9"))).isInstanceOf(Delivered.class);
        }
        assertThat(query("SELECT XSDDH FROM XS_DD WHERE WBDH = 'OPP-9'")).hasSize(1);
    }

    /** {@code systems/erp.yaml} as a workspace would write it, with the sandbox's WSDL URL. */
    private dev.dovetail.model.SystemDef erpSystem() throws IOException {
        Files.writeString(workspace.resolve("dovetail.yaml"), "name: soap-it\n");
        Files.createDirectories(workspace.resolve("systems"));
        Files.writeString(workspace.resolve("systems/erp.yaml"), """
                title: ERP
                connector: soap
                connection:
                  wsdl: ${ERP_WSDL}
                limits:
                  timeout: 10s
                  circuitBreaker: {openFor: 200ms}
                operations:
                  createSalesOrder:
                    options: {idempotencyElement: idempotencyKey}
                  getSalesOrder: {}
                  confirmShipment: {}
                """);
        var wsdl = erp.baseUrl() + "/erp/ws/SalesOrderService?wsdl";
        var load = new WorkspaceLoader(Environment.of(Map.of("ERP_WSDL", wsdl)), ExpressionSyntax.ANY).load(workspace);
        assertThat(load.report().errors()).extracting(Problem::format).isEmpty();
        return load.workspace().orElseThrow().systems().get("erp");
    }

    private static OperationCall createOrder(String externalNo) {
        return OperationCall.of("erp", "createSalesOrder").withJsonBody(orderBody(externalNo));
    }

    private static Map<String, Object> orderBody(String externalNo) {
        var body = new LinkedHashMap<String, Object>();
        body.put("KHBM", "C00003");
        body.put("DJRQ", "20261101");
        body.put("BZ", "来自 CRM");
        body.put("WBDH", externalNo);
        body.put("MX", List.of(Map.of("WLBM", "WL1001", "SL", 3), Map.of("WLBM", "WL1005", "SL", 2, "DJ_FEN", 1800)));
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> response(Delivered delivered) {
        return (Map<String, Object>) delivered.response();
    }

    private static List<String> query(String sql) throws SQLException {
        var jdbcUrl = ((ErpSandbox) erp.app()).jdbcUrl();
        try (var connection = DriverManager.getConnection(jdbcUrl, "erp", DB_PASSWORD);
                var statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            var values = new java.util.ArrayList<String>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
