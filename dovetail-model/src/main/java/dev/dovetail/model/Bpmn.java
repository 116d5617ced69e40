package dev.dovetail.model;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Reads a BPMN 2.0 file with a hardened XML parser (no DOCTYPE, no external entities) and lists its processes and messages. */
final class Bpmn {
    static final String MODEL_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    record Parsed(Set<String> processIds, Set<String> messageNames) {}

    private Bpmn() {}

    /** Null (with a problem at the file's line and column) when the file is not well-formed BPMN. */
    static Parsed parse(Ctx ctx, byte[] content) {
        try {
            var builder = factory().newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
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
            });
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            var doc = builder.parse(new ByteArrayInputStream(content));
            var root = doc.getDocumentElement();
            if (!MODEL_NS.equals(root.getNamespaceURI()) || !"definitions".equals(root.getLocalName())) {
                ctx.error(1, 0, "bpmn-malformed", "not a BPMN 2.0 file: the root element must be <definitions> in namespace " + MODEL_NS,
                        "export the diagram as BPMN 2.0 XML (bpmn-js, Flowable or Camunda modeler)");
                return null;
            }
            var processes = new LinkedHashSet<String>();
            var list = doc.getElementsByTagNameNS(MODEL_NS, "process");
            for (int i = 0; i < list.getLength(); i++) processes.add(((Element) list.item(i)).getAttribute("id"));
            var messages = new LinkedHashSet<String>();
            var msgs = doc.getElementsByTagNameNS(MODEL_NS, "message");
            for (int i = 0; i < msgs.getLength(); i++) {
                var e = (Element) msgs.item(i);
                if (!e.getAttribute("name").isEmpty()) messages.add(e.getAttribute("name"));
            }
            return new Parsed(processes, messages);
        } catch (SAXParseException e) {
            var message = e.getMessage() == null ? "malformed XML" : e.getMessage();
            var hint = message.contains("DOCTYPE") ? "DOCTYPE declarations are not allowed in BPMN files (XML entity attacks); remove it"
                    : "fix the XML at this place";
            ctx.error(Math.max(e.getLineNumber(), 1), Math.max(e.getColumnNumber(), 0), "bpmn-malformed", "BPMN file is not well-formed XML: " + message, hint);
            return null;
        } catch (SAXException | java.io.IOException | ParserConfigurationException e) {
            ctx.error(1, 0, "bpmn-malformed", "BPMN file cannot be read: " + e.getMessage(), "");
            return null;
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }
}
