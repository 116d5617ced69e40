package dev.dovetail.connectors.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestEnvelopeTest {

    private static final String NS = "http://dovetail.dev/sandbox/erp/sales";
    private static final Wsdl.Operation QUALIFIED = new Wsdl.Operation("createSalesOrder", "urn:createSalesOrder", NS,
            "createSalesOrder", true, Wsdl.Shape.UNKNOWN, null);

    @Test
    void map_keys_become_child_elements_in_order_and_lists_repeat_their_element() {
        var content = new LinkedHashMap<String, Object>();
        content.put("KHBM", "C00003");
        content.put("DJRQ", "20261101");
        content.put("MX", List.of(Map.of("WLBM", "WL1001"), Map.of("WLBM", "WL1005")));

        assertThat(text(RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, content))).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
                        + "<m:createSalesOrder xmlns:m=\"" + NS + "\">"
                        + "<m:KHBM>C00003</m:KHBM><m:DJRQ>20261101</m:DJRQ>"
                        + "<m:MX><m:WLBM>WL1001</m:WLBM></m:MX><m:MX><m:WLBM>WL1005</m:WLBM></m:MX>"
                        + "</m:createSalesOrder></soapenv:Body></soapenv:Envelope>");
    }

    @Test
    void unqualified_children_are_in_no_namespace_while_the_request_element_keeps_its_own() {
        var unqualified = new Wsdl.Operation("getSalesOrder", "", NS, "getSalesOrder", false, Wsdl.Shape.UNKNOWN, null);

        assertThat(text(RequestEnvelope.write(SoapVersion.V1_1, unqualified, Map.of("XSDDH", "XS00001001"))))
                .contains("<m:getSalesOrder xmlns:m=\"" + NS + "\"><XSDDH>XS00001001</XSDDH></m:getSalesOrder>");
    }

    @Test
    void at_keys_become_attributes_and_hash_text_the_element_s_own_text() {
        var amount = new LinkedHashMap<String, Object>();
        amount.put("@currency", "CNY");
        amount.put("#text", new BigDecimal("128.00"));

        assertThat(text(RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, Map.of("amount", amount))))
                .contains("<m:amount currency=\"CNY\">128.00</m:amount>");
    }

    @Test
    void null_values_leave_their_element_out_and_numbers_and_booleans_are_written_plainly() {
        var content = new LinkedHashMap<String, Object>();
        content.put("BZ", null);
        content.put("SL", 3.0);
        content.put("DJ_FEN", new BigDecimal("1E+3"));
        content.put("rate", 0.125);
        content.put("urgent", true);
        content.put("lines", Arrays.asList("a", null, "b"));

        assertThat(text(RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, content)))
                .doesNotContain("BZ")
                .contains("<m:SL>3</m:SL><m:DJ_FEN>1000</m:DJ_FEN><m:rate>0.125</m:rate><m:urgent>true</m:urgent>"
                        + "<m:lines>a</m:lines><m:lines>b</m:lines>");
    }

    @Test
    void markup_in_values_is_escaped_so_a_value_cannot_add_elements() {
        var content = new LinkedHashMap<String, Object>();
        content.put("BZ", "</m:BZ><m:KHBM>C99999</m:KHBM> & \"more\"\r\n");
        content.put("ref", Map.of("@note", "a\"b<c&d\te"));

        assertThat(text(RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, content)))
                .contains("<m:BZ>&lt;/m:BZ&gt;&lt;m:KHBM&gt;C99999&lt;/m:KHBM&gt; &amp; \"more\"&#13;\n</m:BZ>")
                .contains("<m:ref note=\"a&quot;b&lt;c&amp;d&#9;e\"></m:ref>");
    }

    @Test
    void chinese_names_and_values_are_written_as_utf_8() {
        var bytes = RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, Map.of("备注", "来自 CRM（全角）"));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("<m:备注>来自 CRM（全角）</m:备注>");
    }

    @Test
    void soap_1_2_uses_its_own_envelope_namespace() {
        assertThat(text(RequestEnvelope.write(SoapVersion.V1_2, QUALIFIED, Map.of())))
                .contains("<soapenv:Envelope xmlns:soapenv=\"http://www.w3.org/2003/05/soap-envelope\">")
                .contains("<m:createSalesOrder xmlns:m=\"" + NS + "\"></m:createSalesOrder>");
    }

    @Test
    void an_operation_without_a_body_part_gets_an_empty_body_and_refuses_content() {
        var empty = new Wsdl.Operation("ping", "", "", null, false, Wsdl.Shape.UNKNOWN, null);

        assertThat(text(RequestEnvelope.write(SoapVersion.V1_1, empty, Map.of()))).contains("<soapenv:Body></soapenv:Body>");
        assertThatThrownBy(() -> RequestEnvelope.write(SoapVersion.V1_1, empty, Map.of("x", "1")))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("takes no request element");
    }

    @Test
    void what_xml_cannot_carry_is_refused_with_its_path() {
        assertThatThrownBy(() -> RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, Map.of("a b", "x")))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("'a b' is not an XML element or attribute name");
        assertThatThrownBy(() -> RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, Map.of("m:KHBM", "x")))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("not an XML element");
        assertThatThrownBy(() -> RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, Map.of("BZ", "bell\u0007")))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("createSalesOrder.BZ").hasMessageContaining("U+0007");
        assertThatThrownBy(() -> RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, Map.of("MX", List.of(List.of("x")))))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("a list inside a list");
        assertThatThrownBy(() -> RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, Map.of("MX", Map.of("@line", Map.of()))))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("MX.@line");
        var list = new ArrayList<Object>();
        list.add(Double.NaN);
        assertThatThrownBy(() -> RequestEnvelope.write(SoapVersion.V1_1, QUALIFIED, Map.of("SL", list)))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("NaN");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
