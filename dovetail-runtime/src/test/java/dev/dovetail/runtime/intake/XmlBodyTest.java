package dev.dovetail.runtime.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** XML bodies: the conversion to a JSON-like map, and RELIABILITY S5 (no DTDs, no external access). */
class XmlBodyTest extends IntakeTestSupport {

    private Object payload(String xml) {
        return accepted(receive(erp("invoice-posted", "application/xml", xml))).event().payload();
    }

    @Test
    void elements_become_keys_and_texts_become_values() {
        assertThat(payload("<invoice><number>INV-1</number><note/><memo></memo></invoice>"))
                .isEqualTo(Map.of("invoice", Map.of("number", "INV-1", "note", "", "memo", "")));
    }

    @Test
    void repeated_elements_become_a_list_in_document_order() {
        assertThat(payload("<invoice><number>1</number><line>a</line><line>b</line><line>c</line></invoice>"))
                .isEqualTo(Map.of("invoice", Map.of("number", "1", "line", List.of("a", "b", "c"))));
    }

    @Test
    void attributes_become_at_keys_and_text_beside_them_becomes_hash_text() {
        assertThat(payload("<invoice id=\"9\"><number>1</number><amount currency=\"CNY\">12.50</amount></invoice>"))
                .isEqualTo(Map.of("invoice", Map.of("@id", "9", "number", "1", "amount", Map.of("@currency", "CNY", "#text", "12.50"))));
    }

    @Test
    void namespace_prefixes_are_dropped_declarations_are_not_attributes_and_cdata_is_text() throws Refusal {
        String soap = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<m:invoice xmlns:m=\"urn:erp\"><m:number>7</m:number></m:invoice></soap:Body></soap:Envelope>";

        assertThat(payload("<invoice><number>1</number><raw><![CDATA[<a&b>]]></raw></invoice>"))
                .isEqualTo(Map.of("invoice", Map.of("number", "1", "raw", "<a&b>")));
        assertThat(new XmlBodies(IntakeOptions.DEFAULT).parse(soap.getBytes(UTF_8), java.util.Optional.empty()))
                .isEqualTo(Map.of("Envelope", Map.of("Body", Map.of("invoice", Map.of("number", "7")))));
    }

    @Test
    void the_journal_text_of_an_xml_body_is_its_json_form() {
        var event = accepted(receive(erp("invoice-posted", "text/xml", "<invoice><number>INV-1</number><line>a</line><line>b</line></invoice>"))).event();

        assertThat(event.payloadJson()).isEqualTo("{\"invoice\":{\"number\":\"INV-1\",\"line\":[\"a\",\"b\"]}}");
        assertThat(event.recordKey()).isEqualTo("INV-1");
        assertThat(event.contentType()).isEqualTo("text/xml");
    }

    @Test
    void a_charset_parameter_decides_the_encoding() {
        byte[] gbk = "<invoice><number>发票-1</number></invoice>".getBytes(Charset.forName("GBK"));

        var event = accepted(receive(erp("invoice-posted", "application/xml; charset=GBK", gbk))).event();
        assertThat(event.recordKey()).isEqualTo("发票-1");
    }

    @Test
    void the_xml_declaration_decides_the_encoding_without_a_charset_parameter() {
        byte[] latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><invoice><number>café</number></invoice>".getBytes(Charset.forName("ISO-8859-1"));

        assertThat(accepted(receive(erp("invoice-posted", "application/xml", latin1))).event().recordKey()).isEqualTo("café");
    }

    @Test
    void a_doctype_is_refused_before_any_entity_is_expanded() {
        var refused = refused(receive(erp("invoice-posted", "application/xml", HostileRequests.billionLaughs())));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo(RefusalCode.XML_DOCTYPE);
    }

    @Test
    void external_entities_dtds_and_xinclude_never_open_a_connection() throws IOException {
        try (var canary = ServerSocketChannel.open()) {
            canary.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            canary.configureBlocking(false);
            String url = "http://127.0.0.1:" + ((InetSocketAddress) canary.getLocalAddress()).getPort() + "/x";

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertRefused(receive(erp("invoice-posted", "application/xml",
                        "<!DOCTYPE i [<!ENTITY e SYSTEM \"" + url + "\">]><invoice><number>&e;</number></invoice>")), 400, RefusalCode.XML_DOCTYPE);
                assertRefused(receive(erp("invoice-posted", "application/xml",
                        "<!DOCTYPE invoice SYSTEM \"" + url + "\"><invoice><number>1</number></invoice>")), 400, RefusalCode.XML_DOCTYPE);
                // XInclude is not processed: the include element is plain data
                var included = accepted(receive(erp("invoice-posted", "application/xml",
                        "<invoice xmlns:xi=\"http://www.w3.org/2001/XInclude\"><number>1</number><xi:include href=\"" + url + "\"/></invoice>")));
                assertThat(included.event().payload()).isEqualTo(Map.of("invoice", Map.of("number", "1", "include", Map.of("@href", url))));
                // a schema location is not fetched either
                accepted(receive(erp("invoice-posted", "application/xml", "<invoice xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                        + "xsi:noNamespaceSchemaLocation=\"" + url + "\"><number>1</number></invoice>")));
            });
            assertThat(canary.accept()).isNull();
        }
    }

    @Test
    void every_reader_from_the_hardened_factory_refuses_a_doctype() {
        for (int i = 0; i < 3; i++) {
            var reader = HardenedXml.newReader();
            var source = new org.xml.sax.InputSource(new java.io.StringReader("<!DOCTYPE a><a/>"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.parse(source)).hasMessageContaining("DOCTYPE");
        }
    }

    @Test
    void nesting_64_elements_deep_is_accepted_and_65_is_refused() {
        accepted(receive(erp("invoice-posted", "application/xml", "<invoice><number>1</number>" + "<a>".repeat(63) + "</a>".repeat(63) + "</invoice>")));

        var refused = refused(receive(erp("invoice-posted", "application/xml", "<invoice><number>1</number>" + "<a>".repeat(64) + "</a>".repeat(64) + "</invoice>")));
        assertThat(refused).isEqualTo(new IntakeDecision.Refused(400, RefusalCode.TOO_DEEP, "the XML is nested deeper than 64 elements"));
    }

    @Test
    void malformed_xml_is_refused_with_its_position() {
        var refused = refused(receive(erp("invoice-posted", "application/xml", "<invoice>\n<number>1</amount></invoice>")));

        assertThat(refused.code()).isEqualTo(RefusalCode.MALFORMED_XML);
        assertThat(refused.message()).startsWith("the body is not well-formed XML at line 2");
    }

    @Test
    void comments_and_processing_instructions_are_ignored() {
        assertThat(payload("<?xml version=\"1.0\"?><!-- c --><?app x?><invoice><!-- c --><number>1</number></invoice>"))
                .isEqualTo(Map.of("invoice", Map.of("number", "1")));
    }

    @Test
    void too_many_elements_are_refused() {
        var small = new WebhookIntake(new IntakeOptions(64, 100, 100, 100, 5, 100, 8));
        String xml = "<invoice><number>1</number><a/><a/><a/><a/></invoice>";

        assertRefused(small.receive(workspace, engine, erp("invoice-posted", "application/xml", xml.getBytes(UTF_8))), 400, RefusalCode.LIMIT_EXCEEDED);
    }
}
