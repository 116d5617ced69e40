package dev.dovetail.runtime.intake;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The one place intake creates XML parsers (a test checks no other class does). Every reader refuses a
 * document type declaration outright, so external entities (XXE), entity expansion (billion laughs) and
 * external DTDs never get a chance; external access is also switched off in case a feature is ignored.
 */
final class HardenedXml {
    private static final SAXParserFactory FACTORY = factory();

    private HardenedXml() {}

    private static SAXParserFactory factory() {
        // the JDK's own parser, whatever else is on the class path
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's XML parser does not support a hardening feature", e);
        }
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        return factory;
    }

    /** A new reader (readers are not thread-safe): namespace-aware, no DTDs, no external access of any kind. */
    static XMLReader newReader() {
        try {
            SAXParser parser;
            synchronized (FACTORY) {
                parser = FACTORY.newSAXParser();
            }
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            XMLReader reader = parser.getXMLReader();
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot create a hardened XML reader", e);
        }
    }
}
