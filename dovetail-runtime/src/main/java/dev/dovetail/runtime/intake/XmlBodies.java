package dev.dovetail.runtime.intake;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads an XML body into a JSON-like map with {@link HardenedXml}'s parser:
 * <ul>
 *   <li>the result has one key, the root element's name: {@code <order><id>7</id></order>} → {@code {"order":{"id":"7"}}};</li>
 *   <li>an element with only text becomes that text, unchanged; an empty element becomes {@code ""};</li>
 *   <li>an element with attributes or children becomes a map: attributes as {@code @name}, children by name,
 *       a repeated child as a list in document order, non-blank text beside children or attributes as {@code #text}
 *       (stripped when beside children);</li>
 *   <li>names are local names (namespace prefixes dropped); all values are texts (no type guessing);</li>
 *   <li>comments and processing instructions are ignored; a DOCTYPE is refused.</li>
 * </ul>
 */
final class XmlBodies {
    static final String TEXT_KEY = "#text";

    private final IntakeOptions options;

    XmlBodies(IntakeOptions options) {
        this.options = options;
    }

    /** @param charset the Content-Type's charset, if it named one (it overrides the XML declaration) */
    Map<String, Object> parse(byte[] body, Optional<Charset> charset) throws Refusal {
        var handler = new Converter(options);
        XMLReader reader = HardenedXml.newReader();
        reader.setContentHandler(handler);
        reader.setErrorHandler(handler);
        var source = new InputSource(new ByteArrayInputStream(body));
        charset.ifPresent(c -> source.setEncoding(c.name()));
        try {
            reader.parse(source);
        } catch (Stop stop) {
            throw stop.refusal;
        } catch (SAXParseException e) {
            throw classify(e, e.getLineNumber(), e.getColumnNumber());
        } catch (SAXException e) {
            throw classify(e, -1, -1);
        } catch (CharConversionException e) {
            throw Refusal.badRequest(RefusalCode.INVALID_ENCODING, "the XML body is not valid in its character encoding: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw Refusal.badRequest(RefusalCode.MALFORMED_XML, "the body is not well-formed XML: " + e.getMessage());
        }
        if (handler.root == null) throw Refusal.badRequest(RefusalCode.MALFORMED_XML, "the XML body has no root element");
        return handler.root;
    }

    private static Refusal classify(SAXException e, int line, int column) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE") || message.contains("doctype")) {
            return Refusal.badRequest(RefusalCode.XML_DOCTYPE,
                    "XML with a DOCTYPE is not accepted: document type declarations, entities and external references are disabled");
        }
        if (e.getException() instanceof CharConversionException || message.contains("UTF-8 sequence")) {
            return Refusal.badRequest(RefusalCode.INVALID_ENCODING, "the XML body is not valid in its character encoding: " + message);
        }
        String where = line > 0 ? " at line " + line + ", column " + column : "";
        return Refusal.badRequest(RefusalCode.MALFORMED_XML, "the body is not well-formed XML" + where + ": " + message);
    }

    /** Stops the parse with a refusal of ours (a limit), which {@link #parse} unwraps. */
    private static final class Stop extends SAXException {
        final transient Refusal refusal;

        Stop(Refusal refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }
    }

    private static final class Frame {
        final String name;
        Map<String, Object> map;
        boolean hasChildren;
        final StringBuilder text = new StringBuilder();

        Frame(String name) {
            this.name = name;
        }
    }

    private static final class Converter extends DefaultHandler {
        private final IntakeOptions options;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private int values;
        Map<String, Object> root;

        Converter(IntakeOptions options) {
            this.options = options;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            if (stack.size() >= options.maxDepth()) {
                throw new Stop(Refusal.badRequest(RefusalCode.TOO_DEEP, "the XML is nested deeper than " + options.maxDepth() + " elements"));
            }
            count(1 + attributes.getLength());
            var frame = new Frame(name(localName, qName));
            if (attributes.getLength() > 0) {
                frame.map = new LinkedHashMap<>();
                for (int i = 0; i < attributes.getLength(); i++) {
                    String value = attributes.getValue(i);
                    checkText(value.length());
                    frame.map.put("@" + name(attributes.getLocalName(i), attributes.getQName(i)), value);
                }
            }
            stack.push(frame);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            Frame frame = stack.peek();
            if (frame == null) return;
            checkText(frame.text.length() + length);
            frame.text.append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            Frame frame = stack.pop();
            Object value;
            if (frame.map == null) {
                value = frame.text.toString();
            } else {
                String text = frame.hasChildren ? frame.text.toString().strip() : frame.text.toString();
                if (!text.isBlank()) frame.map.put(TEXT_KEY, text);
                value = frame.map;
            }
            Frame parent = stack.peek();
            if (parent == null) {
                var result = new LinkedHashMap<String, Object>();
                result.put(frame.name, value);
                root = result;
                return;
            }
            if (parent.map == null) parent.map = new LinkedHashMap<>();
            parent.hasChildren = true;
            Object existing = parent.map.get(frame.name);
            if (existing == null && !parent.map.containsKey(frame.name)) {
                parent.map.put(frame.name, value);
            } else if (existing instanceof Repeated list) {
                list.add(value);
            } else {
                var list = new Repeated();
                list.add(existing);
                list.add(value);
                parent.map.put(frame.name, list);
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        private String name(String localName, String qName) throws Stop {
            String name = localName == null || localName.isEmpty() ? qName : localName;
            if (name.length() > options.maxNameLength()) {
                throw new Stop(Refusal.badRequest(RefusalCode.LIMIT_EXCEEDED, "an XML name is longer than " + options.maxNameLength() + " characters"));
            }
            return name;
        }

        private void count(int more) throws Stop {
            values += more;
            if (values > options.maxValues()) {
                throw new Stop(Refusal.badRequest(RefusalCode.LIMIT_EXCEEDED, "the XML has more than " + options.maxValues() + " elements and attributes"));
            }
        }

        private void checkText(int length) throws Stop {
            if (length > options.maxStringLength()) {
                throw new Stop(Refusal.badRequest(RefusalCode.LIMIT_EXCEEDED, "an XML text is longer than " + options.maxStringLength() + " characters"));
            }
        }
    }

    /** A list made of repeated elements (element values themselves are never lists). */
    private static final class Repeated extends ArrayList<Object> {
        Repeated() {
            super(4);
        }
    }
}
