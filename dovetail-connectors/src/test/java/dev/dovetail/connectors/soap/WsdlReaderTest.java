package dev.dovetail.connectors.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsdlReaderTest {

    private static final String ERP_NS = "http://dovetail.dev/sandbox/erp/sales";
    private static final URI ERP_ADDRESS = URI.create("http://127.0.0.1:9302/erp/ws/SalesOrderService");
    private static final WsdlReader.Choice DEFAULTS = new WsdlReader.Choice(null, null, null, null);

    /** The ERP sandbox's own WSDL, as it serves it. */
    static byte[] erpWsdl() throws IOException {
        try (var in = WsdlReaderTest.class.getClassLoader().getResourceAsStream("dev/dovetail/sandbox/erp/SalesOrderService.wsdl")) {
            assertThat(in).as("the ERP sandbox's WSDL on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@ADDRESS@", ERP_ADDRESS.toString())
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_erp_wsdl_gives_version_endpoint_actions_and_request_elements() throws Exception {
        var wsdl = WsdlReader.read(erpWsdl(), null, DEFAULTS);

        assertThat(wsdl.version()).isEqualTo(SoapVersion.V1_1);
        assertThat(wsdl.targetNamespace()).isEqualTo(ERP_NS);
        assertThat(wsdl.port()).isEqualTo("SalesOrderPort");
        assertThat(wsdl.endpoint()).isEqualTo(ERP_ADDRESS);
        assertThat(wsdl.operations().keySet()).containsExactly("createSalesOrder", "getSalesOrder", "confirmShipment");
        var create = wsdl.operations().get("createSalesOrder");
        assertThat(create.soapAction()).isEqualTo("urn:createSalesOrder");
        assertThat(create.namespace()).isEqualTo(ERP_NS);
        assertThat(create.element()).isEqualTo("createSalesOrder");
        assertThat(create.childrenQualified()).as("elementFormDefault=qualified").isTrue();
        assertThat(create.unsupported()).isNull();
        assertThat(create.shape().children()).containsExactly("idempotencyKey", "KHBM", "DJRQ", "BZ", "WBDH", "MX");
        assertThat(create.shape().child("MX").children()).as("a named complex type").containsExactly("WLBM", "SL", "DJ_FEN");
    }

    @Test
    void base_url_replaces_the_address_and_element_form_can_be_overridden() throws Exception {
        var endpoint = URI.create("https://erp.example.com/ws/SalesOrderService");
        var wsdl = WsdlReader.read(erpWsdl(), null, new WsdlReader.Choice(null, endpoint, false, null));

        assertThat(wsdl.endpoint()).isEqualTo(endpoint);
        assertThat(wsdl.operations().get("getSalesOrder").childrenQualified()).isFalse();
    }

    @Test
    void an_address_on_another_host_than_a_fetched_wsdl_is_refused_unless_base_url_names_it() throws Exception {
        var fetchedFrom = URI.create("http://erp.example.com:9302/erp/ws/SalesOrderService?wsdl");

        assertThatThrownBy(() -> WsdlReader.read(erpWsdl(), null, new WsdlReader.Choice(null, null, null, fetchedFrom)))
                .isInstanceOf(WsdlReader.Problem.class)
                .hasMessageContaining("not on the host the WSDL came from").hasMessageContaining("connection.baseUrl");
        var sameHost = URI.create("http://127.0.0.1:9302/erp/ws/SalesOrderService?wsdl");
        assertThat(WsdlReader.read(erpWsdl(), null, new WsdlReader.Choice(null, null, null, sameHost)).endpoint()).isEqualTo(ERP_ADDRESS);
    }

    @Test
    void the_first_soap_1_1_port_is_preferred_and_a_port_can_be_chosen_by_name() throws Exception {
        var both = wsdl("""
                <wsdl:binding name="B12" type="tns:PT"><soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
                  <wsdl:operation name="ping"><soap12:operation soapAction="urn:ping12"/><wsdl:input><soap12:body use="literal"/></wsdl:input></wsdl:operation>
                </wsdl:binding>
                <wsdl:binding name="B11" type="tns:PT"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
                  <wsdl:operation name="ping"><soap:operation soapAction="urn:ping11"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
                </wsdl:binding>
                <wsdl:service name="S">
                  <wsdl:port name="P12" binding="tns:B12"><soap12:address location="http://h/12"/></wsdl:port>
                  <wsdl:port name="P11" binding="tns:B11"><soap:address location="http://h/11"/></wsdl:port>
                </wsdl:service>
                """);

        var preferred = WsdlReader.read(both, null, DEFAULTS);
        assertThat(preferred.version()).isEqualTo(SoapVersion.V1_1);
        assertThat(preferred.endpoint()).hasToString("http://h/11");
        var chosen = WsdlReader.read(both, null, new WsdlReader.Choice("P12", null, null, null));
        assertThat(chosen.version()).isEqualTo(SoapVersion.V1_2);
        assertThat(chosen.operations().get("ping").soapAction()).isEqualTo("urn:ping12");
        assertThat(chosen.operations().get("ping").element()).as("an input message without parts: an empty body").isNull();
        assertThatThrownBy(() -> WsdlReader.read(both, null, new WsdlReader.Choice("P9", null, null, null)))
                .hasMessageContaining("no port named 'P9'").hasMessageContaining("P12, P11");
    }

    @Test
    void rpc_literal_wraps_the_parts_in_an_element_named_after_the_operation() throws Exception {
        var rpc = wsdl("""
                <wsdl:message name="addIn"><wsdl:part name="a" type="xsd:int"/><wsdl:part name="b" type="xsd:int"/></wsdl:message>
                <wsdl:portType name="Calc"><wsdl:operation name="add"><wsdl:input message="tns:addIn"/></wsdl:operation></wsdl:portType>
                <wsdl:binding name="CalcBinding" type="tns:Calc"><soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
                  <wsdl:operation name="add"><soap:operation soapAction=""/><wsdl:input><soap:body use="literal" namespace="urn:calc"/></wsdl:input></wsdl:operation>
                </wsdl:binding>
                <wsdl:service name="S"><wsdl:port name="P" binding="tns:CalcBinding"><soap:address location="http://h/calc"/></wsdl:port></wsdl:service>
                """);

        var add = WsdlReader.read(rpc, null, DEFAULTS).operations().get("add");
        assertThat(add.element()).isEqualTo("add");
        assertThat(add.namespace()).isEqualTo("urn:calc");
        assertThat(add.childrenQualified()).isFalse();
        assertThat(add.shape().children()).containsExactly("a", "b");
        assertThat(add.unsupported()).isNull();
    }

    @Test
    void soap_encoding_is_marked_unsupported_rather_than_sent_wrongly() throws Exception {
        var encoded = wsdl("""
                <wsdl:message name="addIn"><wsdl:part name="a" type="xsd:int"/></wsdl:message>
                <wsdl:portType name="Calc"><wsdl:operation name="add"><wsdl:input message="tns:addIn"/></wsdl:operation></wsdl:portType>
                <wsdl:binding name="CalcBinding" type="tns:Calc"><soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
                  <wsdl:operation name="add"><soap:operation soapAction=""/>
                    <wsdl:input><soap:body use="encoded" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" namespace="urn:calc"/></wsdl:input>
                  </wsdl:operation>
                </wsdl:binding>
                <wsdl:service name="S"><wsdl:port name="P" binding="tns:CalcBinding"><soap:address location="http://h/calc"/></wsdl:port></wsdl:service>
                """);

        assertThat(WsdlReader.read(encoded, null, DEFAULTS).operations().get("add").unsupported()).contains("SOAP encoding");
    }

    @Test
    void a_wsdl_without_a_service_needs_base_url() throws Exception {
        var abstractOnly = wsdl("""
                <wsdl:binding name="B11" type="tns:PT"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
                  <wsdl:operation name="ping"><soap:operation soapAction="urn:ping"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
                </wsdl:binding>
                """);

        assertThatThrownBy(() -> WsdlReader.read(abstractOnly, null, DEFAULTS)).hasMessageContaining("set connection.baseUrl");
        var endpoint = URI.create("http://erp.local/ws");
        assertThat(WsdlReader.read(abstractOnly, null, new WsdlReader.Choice(null, endpoint, null, null)).endpoint()).isEqualTo(endpoint);
    }

    @Test
    void what_is_not_a_usable_wsdl_is_refused_with_the_reason() {
        assertThatThrownBy(() -> WsdlReader.read(bytes("<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>"), null, DEFAULTS))
                .isInstanceOf(WsdlReader.Problem.class).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> WsdlReader.read(bytes("<description xmlns=\"http://www.w3.org/ns/wsdl\"/>"), null, DEFAULTS))
                .hasMessageContaining("WSDL 2.0");
        assertThatThrownBy(() -> WsdlReader.read(bytes("<html><body>Login</body></html>"), null, DEFAULTS))
                .hasMessageContaining("not a WSDL 1.1 document");
        assertThatThrownBy(() -> WsdlReader.read(wsdl("<wsdl:import namespace=\"urn:x\" location=\"other.wsdl\"/>"), null, DEFAULTS))
                .hasMessageContaining("no port with a SOAP 1.1 or 1.2 binding").hasMessageContaining("imports are not followed");
    }

    @Test
    void a_schema_that_refers_to_itself_does_not_loop() throws Exception {
        var recursive = wsdl("""
                <wsdl:types><xsd:schema targetNamespace="urn:t" elementFormDefault="qualified">
                  <xsd:complexType name="Node"><xsd:sequence>
                    <xsd:element name="value" type="xsd:string"/><xsd:element name="child" type="tns:Node" minOccurs="0"/>
                  </xsd:sequence></xsd:complexType>
                  <xsd:element name="tree" type="tns:Node"/>
                </xsd:schema></wsdl:types>
                <wsdl:message name="in"><wsdl:part name="p" element="tns:tree"/></wsdl:message>
                <wsdl:portType name="TreePT"><wsdl:operation name="send"><wsdl:input message="tns:in"/></wsdl:operation></wsdl:portType>
                <wsdl:binding name="B" type="tns:TreePT"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
                  <wsdl:operation name="send"><soap:operation soapAction="urn:send"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
                </wsdl:binding>
                <wsdl:service name="S"><wsdl:port name="P" binding="tns:B"><soap:address location="http://h/t"/></wsdl:port></wsdl:service>
                """);

        var send = WsdlReader.read(recursive, null, DEFAULTS).operations().get("send");
        assertThat(send.element()).isEqualTo("tree");
        assertThat(send.shape().children()).containsExactly("value", "child");
        assertThat(send.shape().child("child").child("child").children()).containsExactly("value", "child");
    }

    private static byte[] wsdl(String content) {
        return bytes("""
                <wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
                    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
                    xmlns:tns="urn:t" targetNamespace="urn:t">
                  <wsdl:message name="pingIn"/>
                  <wsdl:portType name="PT"><wsdl:operation name="ping"><wsdl:input message="tns:pingIn"/></wsdl:operation></wsdl:portType>
                """ + content + "</wsdl:definitions>");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
