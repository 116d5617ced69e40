package dev.dovetail.connectors.soap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.CircuitBreakerSettings;
import dev.dovetail.connectors.http.CircuitState;
import dev.dovetail.connectors.http.HttpAuth;
import dev.dovetail.connectors.http.HttpLimits;
import dev.dovetail.connectors.soap.TinySoapServer.Reply;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.OperationCall;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The connector against a tiny real server that answers what the ERP sandbox never would: hostile, odd and slow answers. */
class SoapInvokerIT {

    private static final String ERP_NS = "http://dovetail.dev/sandbox/erp/sales";
    private static final String CREATED = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
            + "<erp:createSalesOrderResponse xmlns:erp=\"" + ERP_NS + "\"><erp:XSDDH>XS00001001</erp:XSDDH>"
            + "<erp:replayed>false</erp:replayed></erp:createSalesOrderResponse></soap:Body></soap:Envelope>";

    private final TinySoapServer server = TinySoapServer.start();
    private SoapInvoker invoker;

    @BeforeEach
    void serveTheErpWsdl() throws Exception {
        var wsdl = new String(WsdlReaderTest.erpWsdl(), StandardCharsets.UTF_8)
                .replace("http://127.0.0.1:9302/erp/ws/SalesOrderService", server.url("/ws").toString());
        server.on("GET", "/ws", request -> Reply.xml(200, wsdl));
    }

    @AfterEach
    void stop() {
        if (invoker != null) {
            invoker.close();
        }
        server.close();
    }

    @Test
    void the_request_carries_action_content_type_credentials_and_the_idempotency_key_where_declared() throws Exception {
        server.on("POST", "/ws", request -> Reply.xml(200, CREATED));
        invoker = SoapInvoker.create(config()
                .withAuth(new HttpAuth.Basic("dovetail", "erp-password"))
                .withOperation("createSalesOrder", SoapOperationConfig.DEFAULT
                        .withIdempotencyElement("idempotencyKey").withIdempotencyHeader("X-Idempotency-Key")));
        var body = new LinkedHashMap<String, Object>();
        body.put("KHBM", "C00003");
        body.put("MX", List.of(Map.of("WLBM", "WL1001", "SL", 3)));

        var outcome = invoker.invoke(OperationCall.of("erp", "createSalesOrder").withJsonBody(body).withIdempotencyKey("crm-opp-7"));

        assertThat(outcome).isInstanceOfSatisfying(Delivered.class,
                delivered -> assertThat(delivered.response()).isEqualTo(Map.of("XSDDH", "XS00001001", "replayed", "false")));
        var basic = "Basic " + Base64.getEncoder().encodeToString("dovetail:erp-password".getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests("GET", "/ws").getFirst().header("Authorization")).as("the WSDL is fetched with the credentials").isEqualTo(basic);
        var sent = server.requests("POST", "/ws").getFirst();
        assertThat(sent.header("Content-Type")).isEqualTo("text/xml; charset=utf-8");
        assertThat(sent.header("SOAPAction")).isEqualTo("\"urn:createSalesOrder\"");
        assertThat(sent.header("Authorization")).isEqualTo(basic);
        assertThat(sent.header("X-Idempotency-Key")).isEqualTo("crm-opp-7");
        var operation = bodyElement(sent.body());
        assertThat(operation.getNamespaceURI()).isEqualTo(ERP_NS);
        assertThat(operation.getLocalName()).isEqualTo("createSalesOrder");
        var children = XmlValues.elements(operation);
        assertThat(children).extracting(Element::getLocalName).as("the key where the schema's sequence puts it")
                .containsExactly("idempotencyKey", "KHBM", "MX");
        assertThat(children).extracting(Element::getNamespaceURI).containsOnly(ERP_NS);
        assertThat(children.getFirst().getTextContent()).isEqualTo("crm-opp-7");
    }

    @Test
    void an_answer_with_a_doctype_is_rejected_and_its_external_entity_is_never_fetched() {
        server.on("GET", "/secret", request -> Reply.xml(200, "leaked"));
        server.on("POST", "/ws", request -> Reply.xml(200, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \""
                + server.url("/secret") + "\">]><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body><r>&x;</r></soap:Body></soap:Envelope>"));
        invoker = SoapInvoker.create(config());

        var outcome = invoker.invoke(OperationCall.of("erp", "getSalesOrder").withJsonBody(Map.of("XSDDH", "XS1")));

        assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).contains("DOCTYPE").doesNotContain("leaked");
            assertThat(rejected.status()).isEqualTo(200);
        });
        assertThat(server.requests("GET", "/secret")).isEmpty();
    }

    @Test
    void a_wsdl_with_a_doctype_is_not_used_and_no_operation_is_called() {
        server.on("GET", "/secret", request -> Reply.xml(200, "leaked"));
        server.on("GET", "/ws", request -> Reply.xml(200, "<!DOCTYPE d [<!ENTITY x SYSTEM \"" + server.url("/secret") + "\">]>"
                + "<wsdl:definitions xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\">&x;</wsdl:definitions>"));
        invoker = SoapInvoker.create(config());

        var outcome = invoker.invoke(OperationCall.of("erp", "getSalesOrder").withJsonBody(Map.of("XSDDH", "XS1")));

        assertThat(outcome).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("cannot use the WSDL of system 'erp'", "DOCTYPE"));
        assertThat(server.requests("GET", "/secret")).isEmpty();
        assertThat(server.requests("POST", "/ws")).isEmpty();
    }

    @Test
    void a_wsdl_that_points_to_another_host_is_not_followed_unless_base_url_names_that_address() {
        server.on("GET", "/ws", request -> Reply.xml(200, new String(erpWsdlBytes(), StandardCharsets.UTF_8)
                .replace("http://127.0.0.1:9302/erp/ws/SalesOrderService", "http://collector.example.net/steal")));
        server.on("POST", "/ws", request -> Reply.xml(200, CREATED));
        invoker = SoapInvoker.create(config());

        assertThat(invoker.invoke(OperationCall.of("erp", "createSalesOrder").withJsonBody(Map.of("KHBM", "C1"))))
                .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason())
                        .contains("http://collector.example.net/steal", "not on the host the WSDL came from", "connection.baseUrl"));
        invoker.close();

        invoker = SoapInvoker.create(config().withEndpoint(server.url("/ws")));
        assertThat(invoker.invoke(OperationCall.of("erp", "createSalesOrder").withJsonBody(Map.of("KHBM", "C1")))).isInstanceOf(Delivered.class);
    }

    @Test
    void an_operation_the_wsdl_does_not_offer_is_rejected_naming_those_it_does() {
        invoker = SoapInvoker.create(config());

        assertThat(invoker.invoke(OperationCall.of("erp", "cancelSalesOrder"))).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("no operation 'cancelSalesOrder'",
                        "createSalesOrder, getSalesOrder, confirmShipment"));
        assertThat(server.requests("POST", "/ws")).isEmpty();
    }

    @Test
    void a_declared_operation_may_call_a_wsdl_operation_of_another_name_with_its_own_action() {
        server.on("POST", "/ws", request -> Reply.xml(200, CREATED));
        invoker = SoapInvoker.create(config().withOperation("placeOrder",
                SoapOperationConfig.DEFAULT.withWsdlOperation("createSalesOrder").withSoapAction("urn:erp:v2:create")));

        assertThat(invoker.invoke(OperationCall.of("erp", "placeOrder").withJsonBody(Map.of("KHBM", "C1")))).isInstanceOf(Delivered.class);
        var sent = server.requests("POST", "/ws").getFirst();
        assertThat(sent.header("SOAPAction")).isEqualTo("\"urn:erp:v2:create\"");
        assertThat(sent.body()).contains("<m:createSalesOrder ");
    }

    @Test
    void a_4xx_without_a_fault_is_rejected_and_a_slow_answer_retries_later() {
        server.on("POST", "/ws", request -> new Reply(403, "text/html", "<html>forbidden</html>", Map.of(), Duration.ZERO));
        invoker = SoapInvoker.create(config().withLimits(HttpLimits.defaults().withTimeout(Duration.ofMillis(500))));

        assertThat(invoker.invoke(OperationCall.of("erp", "getSalesOrder").withJsonBody(Map.of("XSDDH", "XS1"))))
                .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason()).isEqualTo("HTTP 403 Forbidden"));

        server.on("POST", "/ws", request -> Reply.xml(200, CREATED).after(Duration.ofSeconds(3)));
        assertThat(invoker.invoke(OperationCall.of("erp", "getSalesOrder").withJsonBody(Map.of("XSDDH", "XS1"))))
                .isInstanceOfSatisfying(RetryLater.class, later -> assertThat(later.reason()).contains("no complete answer within 500 ms"));
    }

    @Test
    void server_faults_open_the_circuit_breaker_while_client_faults_do_not() {
        var breaker = new CircuitBreakerSettings(true, 50, 2, 2, Duration.ofMinutes(1), 1);
        invoker = SoapInvoker.create(config().withLimits(HttpLimits.defaults().withCircuitBreaker(breaker)));
        var call = OperationCall.of("erp", "getSalesOrder").withJsonBody(Map.of("XSDDH", "XS1"));

        server.on("POST", "/ws", request -> Reply.xml(500, fault("soap:Client", "no sales order XS1")));
        assertThat(invoker.invoke(call)).isInstanceOf(Rejected.class);
        assertThat(invoker.invoke(call)).isInstanceOf(Rejected.class);
        assertThat(invoker.circuitState()).isEqualTo(CircuitState.CLOSED);

        server.on("POST", "/ws", request -> Reply.xml(500, fault("soap:Server", "database locked")));
        assertThat(invoker.invoke(call)).isInstanceOf(RetryLater.class);
        assertThat(invoker.invoke(call)).isInstanceOf(RetryLater.class);
        assertThat(invoker.circuitState()).isEqualTo(CircuitState.OPEN);
        var sentBefore = server.requests("POST", "/ws").size();
        assertThat(invoker.invoke(call)).isInstanceOfSatisfying(RetryLater.class,
                later -> assertThat(later.reason()).contains("circuit breaker of system 'erp' is open"));
        assertThat(server.requests("POST", "/ws")).hasSize(sentBefore);
    }

    @Test
    void a_body_that_is_not_an_object_is_rejected_before_anything_is_sent() {
        invoker = SoapInvoker.create(config());

        assertThat(invoker.invoke(OperationCall.of("erp", "getSalesOrder").withJsonBody(List.of("XS1"))))
                .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason()).contains("must be an object"));
        assertThat(server.requests("POST", "/ws")).isEmpty();
    }

    private SoapSystemConfig config() {
        return SoapSystemConfig.of("erp", server.url("/ws?wsdl"));
    }

    private static byte[] erpWsdlBytes() {
        try {
            return WsdlReaderTest.erpWsdl();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fault(String code, String text) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                + "<faultcode>" + code + "</faultcode><faultstring>" + text + "</faultstring></soap:Fault></soap:Body></soap:Envelope>";
    }

    /** The element inside soap:Body of a request, parsed by a plain namespace-aware parser. */
    private static Element bodyElement(String envelope) throws Exception {
        var factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        var document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)));
        var body = XmlValues.elements(document.getDocumentElement()).getFirst();
        assertThat(body.getLocalName()).isEqualTo("Body");
        return XmlValues.elements(body).getFirst();
    }
}
