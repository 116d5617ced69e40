package dev.dovetail.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SoapXmlTest {

    private static byte[] xml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void the_operation_is_the_first_element_of_the_body() throws Exception {
        var op = SoapXml.operation(xml("""
                <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/><s:Body>
                <e:getSalesOrder xmlns:e="http://dovetail.dev/sandbox/erp/sales"><e:XSDDH> XS1 </e:XSDDH></e:getSalesOrder>
                </s:Body></s:Envelope>"""));

        assertThat(op.getLocalName()).isEqualTo("getSalesOrder");
        assertThat(SoapXml.text(op, "XSDDH")).isEqualTo(" XS1 ");
    }

    @Test
    void an_internal_entity_expansion_is_refused_because_doctypes_are() {
        String bomb = """
                <?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>
                <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x>&b;</x></s:Body></s:Envelope>""";

        assertThatThrownBy(() -> SoapXml.operation(xml(bomb)))
                .isInstanceOfSatisfying(SoapXml.UnreadableRequest.class, e -> {
                    assertThat(e.faultCode).isEqualTo("Client");
                    assertThat(e.code).isEqualTo("DOCTYPE_NOT_ALLOWED");
                });
    }

    @Test
    void a_must_understand_header_is_refused() {
        assertThatThrownBy(() -> SoapXml.operation(xml("""
                <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>
                <w:Security xmlns:w="urn:x" s:mustUnderstand="1"/></s:Header><s:Body><x/></s:Body></s:Envelope>""")))
                .isInstanceOfSatisfying(SoapXml.UnreadableRequest.class,
                        e -> assertThat(e.faultCode).isEqualTo("MustUnderstand"));
    }

    @Test
    void broken_xml_is_a_client_fault() {
        assertThatThrownBy(() -> SoapXml.operation(xml("<s:Envelope")))
                .isInstanceOfSatisfying(SoapXml.UnreadableRequest.class, e -> {
                    assertThat(e.faultCode).isEqualTo("Client");
                    assertThat(e.code).isEqualTo("MALFORMED_REQUEST");
                });
    }

    @Test
    void fault_text_is_escaped_and_control_characters_dropped() {
        String fault = SoapXml.fault("Client", "X", "bad <KHBM> & \u0001 'quote'");

        assertThat(fault).contains("<faultcode>soap:Client</faultcode>",
                "<faultstring>bad &lt;KHBM&gt; &amp;  &apos;quote&apos;</faultstring>");
    }
}
