package dev.dovetail.connectors.soap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Turns XML elements into JSON-like values, with the webhook intake's convention:
 * <ul>
 *   <li>an element with only text becomes that text, unchanged; an empty element becomes {@code ""};</li>
 *   <li>an element with attributes or children becomes a map: attributes as {@code @name}, children by name, a
 *       repeated child as a list in document order, non-blank text beside children or attributes as {@code #text}
 *       (stripped when beside children);</li>
 *   <li>names are local names (namespace prefixes dropped, namespace declarations left out); every value is a
 *       text (no type guessing).</li>
 * </ul>
 */
final class XmlValues {

    static final String TEXT_KEY = "#text";

    private XmlValues() {}

    /** The value of one element. */
    static Object of(Element element) {
        Map<String, Object> map = null;
        var attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            var attribute = attributes.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
                continue;
            }
            if (map == null) {
                map = new LinkedHashMap<>();
            }
            map.put("@" + localName(attribute), attribute.getNodeValue());
        }
        var text = new StringBuilder();
        var hasChildren = false;
        for (var child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    if (map == null) {
                        map = new LinkedHashMap<>();
                    }
                    hasChildren = true;
                    add(map, localName(child), of((Element) child));
                }
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(child.getNodeValue());
                default -> {} // comments and processing instructions carry no data
            }
        }
        if (map == null) {
            return text.toString();
        }
        var kept = hasChildren ? text.toString().strip() : text.toString();
        if (!kept.isBlank()) {
            map.put(TEXT_KEY, kept);
        }
        return map;
    }

    /** The element children of {@code parent} as one map by name (repeats as lists), or {@code null} when it has none. */
    static Map<String, Object> children(Element parent) {
        Map<String, Object> map = null;
        for (var child : elements(parent)) {
            if (map == null) {
                map = new LinkedHashMap<>();
            }
            add(map, localName(child), of(child));
        }
        return map;
    }

    static List<Element> elements(Element parent) {
        var out = new ArrayList<Element>();
        for (var child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                out.add(element);
            }
        }
        return out;
    }

    /** The concatenated text of an element and its descendants, stripped. */
    static String text(Element element) {
        return element.getTextContent() == null ? "" : element.getTextContent().strip();
    }

    static String localName(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static void add(Map<String, Object> map, String name, Object value) {
        var existing = map.get(name);
        if (existing == null && !map.containsKey(name)) {
            map.put(name, value);
        } else if (existing instanceof Repeated list) {
            list.add(value);
        } else {
            var list = new Repeated();
            list.add(existing);
            list.add(value);
            map.put(name, list);
        }
    }

    /** A list made of repeated elements (element values themselves are never lists). */
    private static final class Repeated extends ArrayList<Object> {
        Repeated() {
            super(4);
        }
    }
}
