package dev.dovetail.sandbox.erp;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** A SOAP 1.1 call over plain HTTP, and XPath over the answer (by local names). */
record SoapCall(int status, String body) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static SoapCall post(URI baseUrl, String envelope) throws Exception {
        var request = HttpRequest.newBuilder(baseUrl.resolve("/erp/ws/SalesOrderService"))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new SoapCall(response.statusCode(), response.body());
    }

    static String envelope(String operationXml) {
        return """
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                                  xmlns:erp="http://dovetail.dev/sandbox/erp/sales">
                  <soapenv:Header/>
                  <soapenv:Body>%s</soapenv:Body>
                </soapenv:Envelope>""".formatted(operationXml);
    }

    static String createOrder(String key, String customer, String... lines) {
        StringBuilder xml = new StringBuilder("<erp:createSalesOrder>");
        if (key != null) {
            xml.append("<erp:idempotencyKey>").append(key).append("</erp:idempotencyKey>");
        }
        xml.append("<erp:KHBM>").append(customer).append("</erp:KHBM><erp:DJRQ>20261101</erp:DJRQ>")
                .append("<erp:WBDH>OPP-").append(key).append("</erp:WBDH>");
        for (String line : lines) {
            String[] parts = line.split("x");
            xml.append("<erp:MX><erp:WLBM>").append(parts[0]).append("</erp:WLBM><erp:SL>").append(parts[1])
                    .append("</erp:SL></erp:MX>");
        }
        return envelope(xml.append("</erp:createSalesOrder>").toString());
    }

    /** Text of the first element with this local name, null when absent. */
    String value(String localName) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate("//*[local-name()='" + localName + "']", document(), XPathConstants.NODESET);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    int count(String localName) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate("//*[local-name()='" + localName + "']", document(), XPathConstants.NODESET);
        return nodes.getLength();
    }

    private Document document() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
