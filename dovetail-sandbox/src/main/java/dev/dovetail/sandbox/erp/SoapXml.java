package dev.dovetail.sandbox.erp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * SOAP 1.1 envelopes by hand: a hardened parser (no DOCTYPE, so no external entities, no entity
 * expansion bombs, no XInclude) and an escaping writer.
 */
final class SoapXml {

    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";
    static final String SERVICE_NS = "http://dovetail.dev/sandbox/erp/sales";

    private static final DocumentBuilderFactory FACTORY = hardenedFactory();

    private SoapXml() {}

    /** Why a request could not be read as a SOAP 1.1 call; {@code faultCode} is Client or VersionMismatch. */
    static final class UnreadableRequest extends Exception {
        final String faultCode;
        final String code;

        UnreadableRequest(String faultCode, String code, String message) {
            super(message, null, false, false);
            this.faultCode = faultCode;
            this.code = code;
        }
    }

    /** The first element inside {@code soap:Body}: the operation's request element. */
    static Element operation(byte[] body) throws UnreadableRequest {
        if (body.length == 0) {
            throw new UnreadableRequest("Client", "MALFORMED_REQUEST", "the request has no body; expected a SOAP envelope");
        }
        Document document;
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) { // a factory is not promised to be thread-safe
                builder = FACTORY.newDocumentBuilder();
            }
            builder.setErrorHandler(SILENT);
            document = builder.parse(new InputSource(new ByteArrayInputStream(body)));
        } catch (SAXException e) {
            String message = e.getMessage() == null ? "not well-formed XML" : e.getMessage();
            if (message.contains("DOCTYPE")) {
                throw new UnreadableRequest("Client", "DOCTYPE_NOT_ALLOWED",
                        "a DOCTYPE declaration is not allowed in a SOAP message");
            }
            throw new UnreadableRequest("Client", "MALFORMED_REQUEST", "not well-formed XML: " + message);
        } catch (IOException | ParserConfigurationException e) {
            throw new UnreadableRequest("Client", "MALFORMED_REQUEST", "cannot read the request: " + e.getMessage());
        }
        Element envelope = document.getDocumentElement();
        if (!"Envelope".equals(envelope.getLocalName())) {
            throw new UnreadableRequest("Client", "MALFORMED_REQUEST", "the root element must be soap:Envelope");
        }
        if (SOAP12_NS.equals(envelope.getNamespaceURI()) || !SOAP_NS.equals(envelope.getNamespaceURI())) {
            throw new UnreadableRequest("VersionMismatch", "VERSION_MISMATCH",
                    "only SOAP 1.1 envelopes (" + SOAP_NS + ") are understood");
        }
        Element soapBody = null;
        for (Element child : children(envelope)) {
            if (SOAP_NS.equals(child.getNamespaceURI()) && "Body".equals(child.getLocalName())) {
                soapBody = child;
            } else if (SOAP_NS.equals(child.getNamespaceURI()) && "Header".equals(child.getLocalName())) {
                for (Element header : children(child)) {
                    if ("1".equals(header.getAttributeNS(SOAP_NS, "mustUnderstand"))) {
                        throw new UnreadableRequest("MustUnderstand", "MUST_UNDERSTAND",
                                "header " + header.getLocalName() + " is not understood");
                    }
                }
            }
        }
        if (soapBody == null || children(soapBody).isEmpty()) {
            throw new UnreadableRequest("Client", "MALFORMED_REQUEST", "soap:Body with an operation element is required");
        }
        return children(soapBody).getFirst();
    }

    /** Child elements in document order. */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** Child elements with a local name; qualified or unqualified, both are accepted. */
    static List<Element> children(Element parent, String localName) {
        return children(parent).stream().filter(e -> localName.equals(e.getLocalName())).toList();
    }

    /** Text of the first child element with that local name, or null when there is none. */
    static String text(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.getFirst().getTextContent();
    }

    /** An envelope around a body fragment (the fragment declares its own namespaces). */
    static String envelope(String bodyContent) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<soap:Envelope xmlns:soap=\"" + SOAP_NS + "\"><soap:Body>" + bodyContent
                + "</soap:Body></soap:Envelope>\n";
    }

    /** A soap:Fault envelope; the detail carries the ERP's error code. */
    static String fault(String faultCode, String code, String message) {
        return envelope("<soap:Fault><faultcode>soap:" + faultCode + "</faultcode><faultstring>" + escape(message)
                + "</faultstring><detail><erp:fault xmlns:erp=\"" + SERVICE_NS + "\"><erp:code>" + escape(code)
                + "</erp:code><erp:message>" + escape(message) + "</erp:message></erp:fault></detail></soap:Fault>");
    }

    /** Escapes text for element content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // characters XML 1.0 cannot carry are dropped rather than producing a broken document
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Builds an operation's response element with {@code erp:}-prefixed children. */
    static final class Writer {
        private final StringBuilder xml = new StringBuilder();

        Writer start(String name) {
            xml.append("<erp:").append(name).append('>');
            return this;
        }

        Writer startRoot(String name) {
            xml.append("<erp:").append(name).append(" xmlns:erp=\"").append(SERVICE_NS).append("\">");
            return this;
        }

        Writer end(String name) {
            xml.append("</erp:").append(name).append('>');
            return this;
        }

        /** An element with text; omitted when the value is null (the WSDL marks those minOccurs=0). */
        Writer element(String name, Object value) {
            if (value != null) {
                xml.append("<erp:").append(name).append('>').append(escape(String.valueOf(value)))
                        .append("</erp:").append(name).append('>');
            }
            return this;
        }

        @Override
        public String toString() {
            return xml.toString();
        }
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static DocumentBuilderFactory hardenedFactory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser cannot be hardened", e);
        }
    }
}
