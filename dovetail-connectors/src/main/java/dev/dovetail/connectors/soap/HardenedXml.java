package dev.dovetail.connectors.soap;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one place the SOAP connector parses XML (WSDLs and answers). A document type declaration is refused
 * outright, so external entities (XXE), entity expansion (billion laughs) and external DTDs never get a chance;
 * external access is also switched off in case a feature is ignored, and nesting is bounded.
 */
final class HardenedXml {

    /** Deeper documents are refused; no WSDL or SOAP answer needs more. */
    static final int MAX_DEPTH = 256;

    private static final DocumentBuilderFactory FACTORY = factory();

    private static final ErrorHandler THROWING = new ErrorHandler() {
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

    private HardenedXml() {}

    /** Why a document was not read. */
    static final class Refused extends Exception {
        /** The document has a DOCTYPE. */
        final boolean doctype;

        Refused(String message, boolean doctype) {
            super(message, null, false, false);
            this.doctype = doctype;
        }
    }

    /**
     * Parses a document.
     *
     * @param charset the charset the transport named (it overrides the XML declaration), or {@code null}
     */
    static Document parse(byte[] bytes, Charset charset) throws Refused {
        var source = new InputSource(new ByteArrayInputStream(bytes));
        if (charset != null) {
            source.setEncoding(charset.name());
        }
        try {
            return builder().parse(source);
        } catch (SAXParseException e) {
            throw refusal(e, e.getLineNumber(), e.getColumnNumber());
        } catch (SAXException e) {
            throw refusal(e, -1, -1);
        } catch (CharConversionException e) {
            throw new Refused("it is not valid in its character encoding: " + e.getMessage(), false);
        } catch (IOException | RuntimeException e) {
            throw new Refused("it is not well-formed XML: " + e.getMessage(), false);
        }
    }

    /** The charset a {@code Content-Type} names, or {@code null} to let the document's XML declaration decide. */
    static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (var parameter : contentType.split(";")) {
            var trimmed = parameter.strip();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(trimmed.substring("charset=".length()).replace("\"", "").strip());
                } catch (RuntimeException unknown) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Refused refusal(SAXException e, int line, int column) {
        var message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE")) {
            return new Refused("it has a DOCTYPE, which is refused (entities and external references are never resolved)", true);
        }
        var where = line > 0 ? " at line " + line + ", column " + column : "";
        return new Refused("it is not well-formed XML" + where + ": " + message, false);
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) {
                builder = FACTORY.newDocumentBuilder();
            }
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("cannot create a hardened XML parser", e);
        }
    }

    private static DocumentBuilderFactory factory() {
        // the JDK's own parser, whatever else is on the class path
        var factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser does not support a hardening feature", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }
}
