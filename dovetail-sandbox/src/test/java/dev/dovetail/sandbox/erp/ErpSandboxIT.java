package dev.dovetail.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.sandbox.junit.Poll;
import dev.dovetail.sandbox.junit.SandboxSystem;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ErpSandboxIT {

    private static final String DB_PASSWORD = "it-db-password";

    @RegisterExtension
    static SandboxSystem erp = SandboxSystem.erp().withOption("db-password", DB_PASSWORD);

    @BeforeEach
    void freshData() {
        erp.control().reset();
        erp.control().seed();
    }

    @Test
    void a_created_sales_order_is_readable_over_the_database_port_with_its_lines() throws Exception {
        var call = SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-1", "C00003", "WL1001x3", "WL1005x2"));

        assertThat(call.status()).isEqualTo(200);
        String orderNo = call.value("XSDDH");
        assertThat(orderNo).isEqualTo("XS00001001");
        assertThat(call.value("JE_FEN")).isEqualTo("30300");
        assertThat(call.value("replayed")).isEqualTo("false");
        try (Connection db = database(); var st = db.createStatement()) {
            var header = st.executeQuery("SELECT KHBM, DJRQ, JE_FEN, WBDH, ZT FROM XS_DD WHERE XSDDH = '" + orderNo + "'");
            assertThat(header.next()).isTrue();
            assertThat(header.getString("KHBM")).isEqualTo("C00003");
            assertThat(header.getString("DJRQ")).isEqualTo("20261101");
            assertThat(header.getLong("JE_FEN")).isEqualTo(30_300);
            assertThat(header.getString("WBDH")).isEqualTo("OPP-k-1");
            assertThat(header.getString("ZT")).isEqualTo("NEW");
            var lines = st.executeQuery("SELECT HH, WLBM, SL, DJ_FEN, JE_FEN FROM XS_DDMX WHERE XSDDH = '"
                    + orderNo + "' ORDER BY HH");
            List<String> rows = new ArrayList<>();
            while (lines.next()) {
                rows.add(lines.getInt(1) + " " + lines.getString(2) + " " + lines.getLong(3) + " " + lines.getLong(4)
                        + " " + lines.getLong(5));
            }
            assertThat(rows).containsExactly("1 WL1001 3 8900 26700", "2 WL1005 2 1800 3600");
        }
    }

    @Test
    void a_repeat_with_the_same_idempotency_key_returns_the_same_order_and_creates_no_second_one() throws Exception {
        var first = SoapCall.post(erp.baseUrl(), SoapCall.createOrder("opp-42", "C00001", "WL1002x5"));
        var again = SoapCall.post(erp.baseUrl(), SoapCall.createOrder("opp-42", "C00001", "WL1002x5"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.value("XSDDH")).isEqualTo(first.value("XSDDH"));
        assertThat(again.value("replayed")).isEqualTo("true");
        assertThat(countOrders("WBDH = 'OPP-opp-42'")).isEqualTo(1);
        assertThat(erp.control().stat("erp.orders.created")).isEqualTo(1);
        assertThat(erp.control().stat("erp.orders.replayed")).isEqualTo(1);
    }

    @Test
    void concurrent_repeats_with_one_idempotency_key_still_create_a_single_order() throws Exception {
        List<Callable<SoapCall>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> SoapCall.post(erp.baseUrl(), SoapCall.createOrder("race", "C00002", "WL1007x1")));
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<String> numbers = new ArrayList<>();
            for (var future : pool.invokeAll(calls)) {
                numbers.add(future.get().value("XSDDH"));
            }
            assertThat(numbers).hasSize(8).containsOnly(numbers.getFirst());
        }
        assertThat(countOrders("WBDH = 'OPP-race'")).isEqualTo(1);
    }

    @Test
    void an_unknown_customer_is_a_permanent_client_fault() throws Exception {
        var call = SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-2", "C99999", "WL1001x1"));

        assertThat(call.status()).isEqualTo(500);
        assertThat(call.value("faultcode")).isEqualTo("soap:Client");
        assertThat(call.value("code")).isEqualTo("UNKNOWN_CUSTOMER");
        assertThat(call.value("faultstring")).contains("C99999");
        assertThat(countOrders("1 = 1")).isEqualTo(3);
    }

    @Test
    void missing_fields_are_client_faults_naming_the_field() throws Exception {
        var noLines = SoapCall.post(erp.baseUrl(), SoapCall.envelope(
                "<erp:createSalesOrder><erp:KHBM>C00001</erp:KHBM></erp:createSalesOrder>"));
        var fractionalPrice = SoapCall.post(erp.baseUrl(), SoapCall.envelope("""
                <erp:createSalesOrder><erp:KHBM>C00001</erp:KHBM>
                  <erp:MX><erp:WLBM>WL1001</erp:WLBM><erp:SL>1</erp:SL><erp:DJ_FEN>89.00</erp:DJ_FEN></erp:MX>
                </erp:createSalesOrder>"""));

        assertThat(noLines.value("faultcode")).isEqualTo("soap:Client");
        assertThat(noLines.value("code")).isEqualTo("MISSING_FIELD");
        assertThat(fractionalPrice.value("code")).isEqualTo("INVALID_FIELD");
        assertThat(fractionalPrice.value("faultstring")).contains("DJ_FEN");
    }

    @Test
    void an_injected_failure_is_a_retryable_server_fault_and_the_retry_succeeds() throws Exception {
        erp.control().failNext(1, 503);

        var failed = SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-3", "C00001", "WL1001x1"));
        var retried = SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-3", "C00001", "WL1001x1"));

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.value("faultcode")).isEqualTo("soap:Server");
        assertThat(failed.value("code")).isEqualTo("INJECTED_FAULT");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.value("replayed")).isEqualTo("false");
        assertThat(countOrders("WBDH = 'OPP-k-3'")).isEqualTo(1);
    }

    @Test
    void a_doctype_is_refused_as_a_client_fault_and_external_entities_are_never_read(@TempDir Path dir)
            throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        String attack = """
                <?xml version="1.0"?>
                <!DOCTYPE foo [<!ENTITY xxe SYSTEM "%s">]>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                                  xmlns:erp="http://dovetail.dev/sandbox/erp/sales">
                  <soapenv:Body><erp:getSalesOrder><erp:XSDDH>&xxe;</erp:XSDDH></erp:getSalesOrder></soapenv:Body>
                </soapenv:Envelope>""".formatted(secret.toUri());

        var call = SoapCall.post(erp.baseUrl(), attack);

        assertThat(call.status()).isEqualTo(500);
        assertThat(call.value("faultcode")).isEqualTo("soap:Client");
        assertThat(call.value("code")).isEqualTo("DOCTYPE_NOT_ALLOWED");
        assertThat(call.body()).doesNotContain("TOP-SECRET-CONTENT");
    }

    @Test
    void a_soap_1_2_envelope_gets_a_version_mismatch_fault() throws Exception {
        var call = SoapCall.post(erp.baseUrl(), """
                <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>
                <getSalesOrder xmlns="http://dovetail.dev/sandbox/erp/sales"><XSDDH>XS00000001</XSDDH></getSalesOrder>
                </env:Body></env:Envelope>""");

        assertThat(call.value("faultcode")).isEqualTo("soap:VersionMismatch");
    }

    @Test
    void get_sales_order_answers_the_header_and_lines_and_accepts_unqualified_children() throws Exception {
        var call = SoapCall.post(erp.baseUrl(), SoapCall.envelope(
                "<erp:getSalesOrder><XSDDH>XS00000003</XSDDH></erp:getSalesOrder>"));

        assertThat(call.status()).isEqualTo(200);
        assertThat(call.value("KHBM")).isEqualTo("C00002");
        assertThat(call.value("BZ")).isEqualTo("加急");
        assertThat(call.count("MX")).isEqualTo(2);
        assertThat(call.value("JE_FEN")).isEqualTo("105500");
    }

    @Test
    void confirm_shipment_marks_the_order_shipped_takes_stock_and_is_idempotent() throws Exception {
        String orderNo = SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-4", "C00004", "WL1004x2")).value("XSDDH");
        String confirm = """
                <erp:confirmShipment><erp:XSDDH>%s</erp:XSDDH><erp:FHRQ>20261102</erp:FHRQ>
                <erp:WLDH>%s</erp:WLDH></erp:confirmShipment>""";

        var confirmed = SoapCall.post(erp.baseUrl(), SoapCall.envelope(confirm.formatted(orderNo, "SF000111")));
        var repeated = SoapCall.post(erp.baseUrl(), SoapCall.envelope(confirm.formatted(orderNo, "SF000111")));
        var conflicting = SoapCall.post(erp.baseUrl(), SoapCall.envelope(confirm.formatted(orderNo, "YT999")));

        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.value("ZT")).isEqualTo("SHIPPED");
        assertThat(repeated.value("replayed")).isEqualTo("true");
        assertThat(conflicting.value("faultcode")).isEqualTo("soap:Client");
        assertThat(conflicting.value("code")).isEqualTo("ALREADY_SHIPPED");
        try (Connection db = database(); var st = db.createStatement()) {
            var order = st.executeQuery("SELECT ZT, FHRQ, WLDH FROM XS_DD WHERE XSDDH = '" + orderNo + "'");
            order.next();
            assertThat(List.of(order.getString(1), order.getString(2), order.getString(3)))
                    .containsExactly("SHIPPED", "20261102", "SF000111");
            var stock = st.executeQuery("SELECT SL FROM KC_KCXX WHERE WLBM = 'WL1004' AND CK = 'CK01'");
            stock.next();
            assertThat(stock.getLong(1)).isEqualTo(25 - 2);
        }
    }

    @Test
    void confirming_an_unknown_order_is_a_client_fault() throws Exception {
        var call = SoapCall.post(erp.baseUrl(), SoapCall.envelope("""
                <erp:confirmShipment><erp:XSDDH>XS77777777</erp:XSDDH><erp:FHRQ>20261102</erp:FHRQ>
                <erp:WLDH>SF1</erp:WLDH></erp:confirmShipment>"""));

        assertThat(call.value("faultcode")).isEqualTo("soap:Client");
        assertThat(call.value("code")).isEqualTo("UNKNOWN_ORDER");
    }

    @Test
    void seed_data_keeps_the_full_width_characters_and_trailing_spaces_of_a_gbk_era_database() throws Exception {
        try (Connection db = database(); var st = db.createStatement()) {
            var rs = st.executeQuery("SELECT KHMC FROM KH_KHXX WHERE KHBM = 'C00001'");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ＡＢＣ贸易有限公司　");
            var count = st.executeQuery("SELECT COUNT(*) FROM KH_KHXX");
            count.next();
            assertThat(count.getInt(1)).isEqualTo(12);
        }
    }

    @Test
    void the_database_refuses_a_wrong_password_and_ddl_from_the_integration_account() throws Exception {
        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl(), "erp", "wrong").close())
                .isInstanceOf(SQLException.class);
        try (Connection db = database(); var st = db.createStatement()) {
            assertThatThrownBy(() -> st.execute("DROP TABLE XS_DD")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.execute("CREATE ALIAS X FOR 'java.lang.System.getenv'"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void the_wsdl_names_the_operations_and_this_servers_address() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                erp.baseUrl().resolve("/erp/ws/SalesOrderService?wsdl")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("createSalesOrder", "getSalesOrder", "confirmShipment",
                "location=\"" + erp.baseUrl() + "/erp/ws/SalesOrderService\"");
    }

    @Test
    void while_down_soap_calls_get_server_faults_and_the_database_port_is_closed() throws Exception {
        erp.control().downFor(60);
        try {
            var call = SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-5", "C00001", "WL1001x1"));
            assertThat(call.status()).isEqualTo(503);
            assertThat(call.value("faultcode")).isEqualTo("soap:Server");
            assertThat(call.value("code")).isEqualTo("SERVICE_UNAVAILABLE");
            Poll.until(Duration.ofSeconds(10), "the database port closes", () -> !canConnect());
        } finally {
            erp.control().clearFaults();
        }
        Poll.until(Duration.ofSeconds(10), "the database port opens again", ErpSandboxIT::canConnect);
        assertThat(SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-5", "C00001", "WL1001x1")).status())
                .isEqualTo(200);
    }

    @Test
    void the_page_lists_orders_customers_and_stock() throws Exception {
        SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-6", "C00005", "WL1006x1"));

        var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(erp.baseUrl().resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.body()).contains("XS00001001", "北京ＸＹＺ文化传媒有限公司", "WL1006 × 1", "KC_KCXX");
    }

    @Test
    void orders_survive_a_restart() throws Exception {
        String orderNo = SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-7", "C00006", "WL1003x1")).value("XSDDH");

        erp.restart();

        var found = SoapCall.post(erp.baseUrl(), SoapCall.envelope(
                "<erp:getSalesOrder><erp:XSDDH>" + orderNo + "</erp:XSDDH></erp:getSalesOrder>"));
        assertThat(found.value("KHBM")).isEqualTo("C00006");
        assertThat(SoapCall.post(erp.baseUrl(), SoapCall.createOrder("k-7", "C00006", "WL1003x1")).value("XSDDH"))
                .isEqualTo(orderNo);
        assertThat(countOrders("1 = 1")).isEqualTo(4);
    }

    private static String jdbcUrl() {
        return ((ErpSandbox) erp.app()).jdbcUrl();
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "erp", DB_PASSWORD);
    }

    private static long countOrders(String where) throws SQLException {
        try (Connection db = database(); var st = db.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM XS_DD WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean canConnect() {
        try (Connection ignored = database()) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
