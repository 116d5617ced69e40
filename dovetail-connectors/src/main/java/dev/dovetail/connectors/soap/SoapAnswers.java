package dev.dovetail.connectors.soap;

import dev.dovetail.connectors.http.HttpTransport;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import java.util.Locale;
import org.w3c.dom.Element;

/**
 * The one place that decides what a SOAP answer means:
 *
 * <table>
 *   <tr><th>what came back</th><th>outcome</th></tr>
 *   <tr><td>a fault {@code Client} (1.1) / {@code Sender} (1.2), {@code VersionMismatch}, {@code MustUnderstand},
 *       {@code DataEncodingUnknown}</td><td>Rejected, reason {@code SOAP fault <code>: <faultstring>}</td></tr>
 *   <tr><td>a fault {@code Server} (1.1) / {@code Receiver} (1.2)</td><td>RetryLater, honouring {@code Retry-After}</td></tr>
 *   <tr><td>a fault with another code</td><td>Rejected for a 4xx answer, else RetryLater</td></tr>
 *   <tr><td>2xx with an envelope</td><td>Delivered: the body's element as a JSON-like value</td></tr>
 *   <tr><td>2xx with an empty body</td><td>Delivered with {@code null}</td></tr>
 *   <tr><td>2xx that is not a readable envelope (a DOCTYPE, malformed XML, not an envelope, multipart)</td>
 *       <td>Rejected (the request may have taken effect)</td></tr>
 *   <tr><td>any other status without a readable fault</td><td>as the HTTP connector: 408, 429, 5xx RetryLater; other
 *       4xx, 3xx Rejected</td></tr>
 * </table>
 *
 * Failures to get an answer at all (timeouts, refused connections) are classified by the HTTP transport.
 */
final class SoapAnswers {

    /** The longest fault string kept in a reason. */
    private static final int REASON_LIMIT = 500;

    private SoapAnswers() {}

    static DeliveryOutcome classify(HttpTransport.Answer answer) {
        var status = answer.status();
        var success = status >= 200 && status < 300;
        var body = answer.body();
        if (body.length == 0) {
            return success ? new Delivered(status, null, answer.headers()) : HttpTransport.classifyByStatus(answer);
        }
        Element envelope;
        try {
            envelope = envelope(body, answer.contentType());
        } catch (Unreadable unreadable) {
            if (!success) {
                return HttpTransport.classifyByStatus(answer);
            }
            return new Rejected("the answer is not a readable SOAP envelope: " + unreadable.getMessage()
                    + " (the request may have taken effect)", status, excerpt(answer));
        }
        var version = SoapVersion.byEnvelopeNamespace(envelope.getNamespaceURI());
        var soapBody = child(envelope, version.envelopeNamespace, "Body");
        if (soapBody == null) {
            return success
                    ? new Rejected("the answer is a SOAP envelope without a Body (the request may have taken effect)", status, excerpt(answer))
                    : HttpTransport.classifyByStatus(answer);
        }
        var fault = child(soapBody, version.envelopeNamespace, "Fault");
        if (fault != null) {
            return fault(version, fault, answer);
        }
        if (!success) {
            return HttpTransport.classifyByStatus(answer);
        }
        var elements = XmlValues.elements(soapBody);
        Object response = elements.size() == 1 ? XmlValues.of(elements.getFirst()) : XmlValues.children(soapBody);
        return new Delivered(status, response, answer.headers());
    }

    private static DeliveryOutcome fault(SoapVersion version, Element fault, HttpTransport.Answer answer) {
        String code;
        String standard;
        String text;
        if (version == SoapVersion.V1_1) {
            var faultCode = child(fault, null, "faultcode");
            code = faultCode == null ? "" : XmlValues.text(faultCode);
            standard = faultCode == null ? null : standardCode(version, faultCode, code);
            var faultString = child(fault, null, "faultstring");
            text = faultString == null ? "" : XmlValues.text(faultString);
        } else {
            var codeElement = child(fault, version.envelopeNamespace, "Code");
            var value = codeElement == null ? null : child(codeElement, version.envelopeNamespace, "Value");
            code = value == null ? "" : XmlValues.text(value);
            standard = value == null ? null : standardCode(version, value, code);
            var sub = codeElement == null ? null : child(codeElement, version.envelopeNamespace, "Subcode");
            while (sub != null) {
                var subValue = child(sub, version.envelopeNamespace, "Value");
                if (subValue != null) {
                    code += "/" + XmlValues.text(subValue);
                }
                sub = child(sub, version.envelopeNamespace, "Subcode");
            }
            var reason = child(fault, version.envelopeNamespace, "Reason");
            var first = reason == null ? null : child(reason, version.envelopeNamespace, "Text");
            text = first == null ? "" : XmlValues.text(first);
        }
        var reason = "SOAP fault " + (code.isEmpty() ? "(no code)" : code) + (text.isEmpty() ? "" : ": " + oneLine(text));
        var status = answer.status();
        if (standard != null && version.permanentCodes.contains(standard)) {
            return new Rejected(reason, status, excerpt(answer));
        }
        if (standard != null && version.transientCodes.contains(standard)) {
            return new RetryLater(HttpTransport.retryAfter(answer), reason, status, excerpt(answer));
        }
        return status >= 400 && status < 500 && status != 408 && status != 429
                ? new Rejected(reason, status, excerpt(answer))
                : new RetryLater(HttpTransport.retryAfter(answer), reason, status, excerpt(answer));
    }

    /**
     * The standard code a fault code names ({@code Client}, {@code Sender}...), or {@code null} for a code of another
     * namespace. SOAP 1.1 codes may be refined with dots ({@code Client.Authentication}); an unprefixed code is taken
     * as standard, as some old stacks write it so.
     */
    private static String standardCode(SoapVersion version, Element holder, String qname) {
        var colon = qname.indexOf(':');
        var prefix = colon < 0 ? null : qname.substring(0, colon);
        var local = colon < 0 ? qname : qname.substring(colon + 1);
        var namespace = holder.lookupNamespaceURI(prefix);
        if (namespace != null && !namespace.equals(version.envelopeNamespace)) {
            return null;
        }
        var dot = local.indexOf('.');
        return dot < 0 ? local : local.substring(0, dot);
    }

    private static Element envelope(byte[] body, String contentType) throws Unreadable {
        var mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (mediaType.startsWith("multipart/")) {
            throw new Unreadable("it is " + mediaType + " (MTOM or attachments), which the connector does not read");
        }
        org.w3c.dom.Document document;
        try {
            document = HardenedXml.parse(body, HardenedXml.charsetOf(contentType));
        } catch (HardenedXml.Refused refused) {
            throw new Unreadable(refused.getMessage());
        }
        var root = document.getDocumentElement();
        if (!"Envelope".equals(XmlValues.localName(root)) || SoapVersion.byEnvelopeNamespace(root.getNamespaceURI()) == null) {
            throw new Unreadable("its root element is {" + (root.getNamespaceURI() == null ? "" : root.getNamespaceURI()) + "}"
                    + XmlValues.localName(root) + ", not a SOAP 1.1 or 1.2 Envelope");
        }
        return root;
    }


    /** The first child element with this local name (in {@code namespace}, or in any namespace when {@code null}). */
    private static Element child(Element parent, String namespace, String localName) {
        for (var child : XmlValues.elements(parent)) {
            if (localName.equals(XmlValues.localName(child)) && (namespace == null || namespace.equals(child.getNamespaceURI()))) {
                return child;
            }
        }
        return null;
    }

    private static String excerpt(HttpTransport.Answer answer) {
        return DeliveryOutcome.excerpt(answer.text());
    }

    private static String oneLine(String text) {
        var line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= REASON_LIMIT ? line : line.substring(0, REASON_LIMIT - 1) + "…";
    }

    private static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
