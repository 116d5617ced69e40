package dev.dovetail.connectors.soap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.HttpTransport;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoapAnswersTest {

    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String XML = "text/xml; charset=utf-8";

    @Test
    void a_client_fault_is_rejected_with_its_fault_string() {
        var outcome = SoapAnswers.classify(answer(500, XML, fault11("soap:Client", "no customer with KHBM C99999",
                "<detail><erp:fault xmlns:erp=\"urn:erp\"><erp:code>UNKNOWN_CUSTOMER</erp:code></erp:fault></detail>")));

        assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo("SOAP fault soap:Client: no customer with KHBM C99999");
            assertThat(rejected.status()).isEqualTo(500);
            assertThat(rejected.responseExcerpt()).contains("UNKNOWN_CUSTOMER");
        });
    }

    @Test
    void a_server_fault_retries_later_honouring_retry_after() {
        var outcome = SoapAnswers.classify(new HttpTransport.Answer(503, Map.of("Content-Type", List.of(XML), "Retry-After", List.of("30")),
                fault11("soap:Server", "ERP is down for maintenance", "").getBytes(StandardCharsets.UTF_8), Instant.now()));

        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, later -> {
            assertThat(later.reason()).isEqualTo("SOAP fault soap:Server: ERP is down for maintenance");
            assertThat(later.after()).isEqualTo(Duration.ofSeconds(30));
            assertThat(later.status()).isEqualTo(503);
        });
    }

    @Test
    void a_refined_or_unprefixed_standard_code_is_still_recognised() {
        assertThat(SoapAnswers.classify(answer(500, XML, fault11("soapenv:Client.Authentication", "bad token", ""))))
                .isInstanceOf(Rejected.class);
        assertThat(SoapAnswers.classify(answer(500, XML, fault11("Server", "busy", "")))).isInstanceOf(RetryLater.class);
        assertThat(SoapAnswers.classify(answer(500, XML, fault11("soap:VersionMismatch", "speak 1.2", "")))).isInstanceOf(Rejected.class);
        assertThat(SoapAnswers.classify(answer(500, XML, fault11("soap:MustUnderstand", "header", "")))).isInstanceOf(Rejected.class);
    }

    @Test
    void a_fault_code_of_another_namespace_is_judged_by_the_http_status() {
        var custom = "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\" xmlns:v=\"urn:vendor\"><soap:Body><soap:Fault>"
                + "<faultcode>v:ValidationError</faultcode><faultstring>SL must be positive</faultstring></soap:Fault></soap:Body></soap:Envelope>";

        assertThat(SoapAnswers.classify(answer(400, XML, custom))).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo("SOAP fault v:ValidationError: SL must be positive"));
        assertThat(SoapAnswers.classify(answer(500, XML, custom))).isInstanceOf(RetryLater.class);
    }

    @Test
    void soap_1_2_sender_faults_are_rejected_and_receiver_faults_retried_with_their_subcodes_and_reason() {
        var sender = fault12("env:Sender", "<env:Subcode><env:Value>m:UnknownCustomer</env:Value></env:Subcode>", "no such customer");
        var receiver = fault12("env:Receiver", "", "database unavailable");

        assertThat(SoapAnswers.classify(answer(400, "application/soap+xml", sender))).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo("SOAP fault env:Sender/m:UnknownCustomer: no such customer"));
        assertThat(SoapAnswers.classify(answer(500, "application/soap+xml", receiver))).isInstanceOfSatisfying(RetryLater.class,
                later -> assertThat(later.reason()).isEqualTo("SOAP fault env:Receiver: database unavailable"));
    }

    @Test
    void a_fault_in_a_200_answer_is_still_a_fault() {
        assertThat(SoapAnswers.classify(answer(200, XML, fault11("soap:Client", "refused", "")))).isInstanceOf(Rejected.class);
    }

    @Test
    void a_response_becomes_a_json_like_value_with_repeats_as_lists_attributes_and_text() {
        var body = "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"><soap:Header><t:trace xmlns:t=\"urn:t\">1</t:trace></soap:Header><soap:Body>"
                + "<erp:getSalesOrderResponse xmlns:erp=\"urn:erp\"><erp:DD><erp:XSDDH>XS00001001</erp:XSDDH>"
                + "<erp:JE_FEN currency=\"CNY\">30300</erp:JE_FEN><erp:BZ/>"
                + "<erp:MX><erp:HH>1</erp:HH></erp:MX><erp:MX><erp:HH>2</erp:HH></erp:MX>"
                + "</erp:DD></erp:getSalesOrderResponse></soap:Body></soap:Envelope>";

        assertThat(SoapAnswers.classify(answer(200, XML, body))).isInstanceOfSatisfying(Delivered.class, delivered ->
                assertThat(delivered.response()).isEqualTo(Map.of("DD", Map.of(
                        "XSDDH", "XS00001001",
                        "JE_FEN", Map.of("@currency", "CNY", "#text", "30300"),
                        "BZ", "",
                        "MX", List.of(Map.of("HH", "1"), Map.of("HH", "2"))))));
    }

    @Test
    void a_response_s_charset_comes_from_the_content_type() {
        var body = "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"><soap:Body><r><KHMC>杭州西湖茶业</KHMC></r></soap:Body></soap:Envelope>";
        var answer = new HttpTransport.Answer(200, Map.of("Content-Type", List.of("text/xml; charset=GBK")),
                body.getBytes(Charset.forName("GBK")), Instant.now());

        assertThat(SoapAnswers.classify(answer)).isInstanceOfSatisfying(Delivered.class,
                delivered -> assertThat(delivered.response()).isEqualTo(Map.of("KHMC", "杭州西湖茶业")));
    }

    @Test
    void an_empty_success_is_delivered_without_a_response() {
        assertThat(SoapAnswers.classify(answer(202, null, ""))).isInstanceOfSatisfying(Delivered.class,
                delivered -> assertThat(delivered.response()).isNull());
    }

    @Test
    void a_success_with_a_doctype_is_rejected_without_resolving_any_entity(@TempDir Path dir) throws Exception {
        var secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-VALUE");
        var hostile = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"><soap:Body><r>&x;</r></soap:Body></soap:Envelope>";

        assertThat(SoapAnswers.classify(answer(200, XML, hostile))).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).contains("not a readable SOAP envelope", "DOCTYPE", "the request may have taken effect");
            assertThat(rejected.reason()).doesNotContain("TOP-SECRET-VALUE");
        });
    }

    @Test
    void entity_expansion_never_happens() {
        var laughs = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]><soap:Envelope xmlns:soap=\"" + SOAP11 + "\"><soap:Body><r>&lol9;</r></soap:Body></soap:Envelope>");

        assertThat(SoapAnswers.classify(answer(200, XML, laughs.toString()))).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("DOCTYPE"));
    }

    @Test
    void an_error_status_whose_body_is_no_envelope_is_classified_by_the_status() {
        assertThat(SoapAnswers.classify(answer(502, "text/html", "<html><body>Bad gateway</body></html>")))
                .isInstanceOf(RetryLater.class);
        assertThat(SoapAnswers.classify(answer(404, "text/html", "<html>no such service</html>")))
                .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason()).isEqualTo("HTTP 404 Not Found"));
        assertThat(SoapAnswers.classify(answer(500, XML, "<!DOCTYPE x><x/>"))).isInstanceOf(RetryLater.class);
    }

    @Test
    void a_success_that_is_not_an_envelope_is_rejected() {
        assertThat(SoapAnswers.classify(answer(200, "text/html", "<html><body>Login</body></html>")))
                .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason()).contains("{}html, not a SOAP 1.1 or 1.2 Envelope"));
        assertThat(SoapAnswers.classify(answer(200, XML, "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"><soap:Body>")))
                .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason()).contains("not well-formed"));
        assertThat(SoapAnswers.classify(answer(200, "multipart/related; type=\"application/xop+xml\"", "--x")))
                .isInstanceOfSatisfying(Rejected.class, rejected -> assertThat(rejected.reason()).contains("MTOM"));
    }

    @Test
    void nesting_deeper_than_the_limit_is_refused() {
        var deep = "<a>".repeat(HardenedXml.MAX_DEPTH + 10) + "</a>".repeat(HardenedXml.MAX_DEPTH + 10);
        var body = "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"><soap:Body>" + deep + "</soap:Body></soap:Envelope>";

        assertThat(SoapAnswers.classify(answer(200, XML, body))).isInstanceOf(Rejected.class);
    }

    private static HttpTransport.Answer answer(int status, String contentType, String body) {
        return new HttpTransport.Answer(status, contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType)),
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    private static String fault11(String code, String text, String detail) {
        return "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\" xmlns:soapenv=\"" + SOAP11 + "\"><soap:Body><soap:Fault>"
                + "<faultcode>" + code + "</faultcode><faultstring>" + text + "</faultstring>" + detail
                + "</soap:Fault></soap:Body></soap:Envelope>";
    }

    private static String fault12(String code, String subcode, String text) {
        return "<env:Envelope xmlns:env=\"" + SOAP12 + "\" xmlns:m=\"urn:m\"><env:Body><env:Fault>"
                + "<env:Code><env:Value>" + code + "</env:Value>" + subcode + "</env:Code>"
                + "<env:Reason><env:Text xml:lang=\"en\">" + text + "</env:Text></env:Reason>"
                + "</env:Fault></env:Body></env:Envelope>";
    }
}
