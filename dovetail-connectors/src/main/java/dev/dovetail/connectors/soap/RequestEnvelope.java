package dev.dovetail.connectors.soap;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a SOAP request: the envelope, its body, and in it the operation's request element built from a JSON-like
 * map. Map keys become child elements in the map's order; a list repeats its element; {@code @name} keys become
 * attributes and {@code #text} the element's own text; {@code null} leaves the element (or attribute) out. Numbers
 * are written in plain notation ({@code 1E+3} becomes {@code 1000}, {@code 42.0} becomes {@code 42}), booleans as
 * {@code true}/{@code false}. The request element is in the operation's namespace; its descendants are too when
 * the schema says {@code elementFormDefault="qualified"}; attributes are unqualified.
 */
final class RequestEnvelope {

    private static final String ENVELOPE_PREFIX = "soapenv";
    private static final String PREFIX = "m";

    private final StringBuilder xml = new StringBuilder(512);
    private final String childPrefix;

    private RequestEnvelope(String childPrefix) {
        this.childPrefix = childPrefix;
    }

    /**
     * @param content the children (and {@code @}attributes, {@code #text}) of the request element
     * @throws InvalidRequest when the content cannot be written as XML (a bad name, a nested list, a character XML
     *     cannot carry), or the operation takes no request element but content was given
     */
    static byte[] write(SoapVersion version, Wsdl.Operation operation, Map<String, ?> content) {
        var hasNamespace = !operation.namespace().isEmpty();
        var writer = new RequestEnvelope(hasNamespace && operation.childrenQualified() ? PREFIX + ":" : "");
        var xml = writer.xml;
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append('<').append(ENVELOPE_PREFIX).append(":Envelope xmlns:").append(ENVELOPE_PREFIX).append("=\"")
                .append(version.envelopeNamespace).append("\"><").append(ENVELOPE_PREFIX).append(":Body>");
        if (operation.element() == null) {
            if (!content.isEmpty()) {
                throw new InvalidRequest("operation " + operation.name() + " takes no request element, but the call has a body");
            }
        } else {
            var name = hasNamespace ? PREFIX + ":" + operation.element() : operation.element();
            var declaration = hasNamespace ? " xmlns:" + PREFIX + "=\"" + attributeText(operation.namespace(), "namespace") + "\"" : "";
            writer.element(name, declaration, content, operation.element());
        }
        xml.append("</").append(ENVELOPE_PREFIX).append(":Body></").append(ENVELOPE_PREFIX).append(":Envelope>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void element(String qualifiedName, String extraAttributes, Object value, String path) {
        switch (value) {
            case null -> {}
            case Map<?, ?> map -> {
                xml.append('<').append(qualifiedName).append(extraAttributes);
                for (var entry : map.entrySet()) {
                    var key = String.valueOf(entry.getKey());
                    if (key.startsWith("@") && entry.getValue() != null) {
                        var attribute = key.substring(1);
                        checkName(attribute, path + "." + key);
                        xml.append(' ').append(attribute).append("=\"")
                                .append(attributeText(scalar(entry.getValue(), path + "." + key), path + "." + key)).append('"');
                    }
                }
                xml.append('>');
                var text = map.get(XmlValues.TEXT_KEY);
                if (text != null) {
                    xml.append(elementText(scalar(text, path + "." + XmlValues.TEXT_KEY), path + "." + XmlValues.TEXT_KEY));
                }
                for (var entry : map.entrySet()) {
                    var key = String.valueOf(entry.getKey());
                    if (key.startsWith("@") || key.equals(XmlValues.TEXT_KEY)) {
                        continue;
                    }
                    checkName(key, path + "." + key);
                    children(childPrefix + key, entry.getValue(), path + "." + key);
                }
                xml.append("</").append(qualifiedName).append('>');
            }
            case List<?> list -> throw new InvalidRequest("'" + path + "' is a list inside a list, which XML cannot repeat");
            default -> xml.append('<').append(qualifiedName).append(extraAttributes).append('>')
                    .append(elementText(scalar(value, path), path))
                    .append("</").append(qualifiedName).append('>');
        }
    }

    private void children(String qualifiedName, Object value, String path) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                element(qualifiedName, "", list.get(i), path + "[" + i + "]");
            }
        } else {
            element(qualifiedName, "", value, path);
        }
    }

    private static String scalar(Object value, String path) {
        return switch (value) {
            case String s -> s;
            case Boolean b -> b.toString();
            case BigDecimal d -> d.toPlainString();
            case BigInteger i -> i.toString();
            case Double d -> plain(d);
            case Float f -> plain(f.doubleValue());
            case Number n -> n.toString();
            default -> throw new InvalidRequest("'" + path + "' must be a text, number or boolean to be written as an attribute or text, not "
                    + (value instanceof Map ? "an object" : value instanceof List ? "a list" : value.getClass().getSimpleName()));
        };
    }

    private static String plain(double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidRequest("a number is " + value + ", which XML cannot carry");
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    /** XML 1.0 names without a prefix: a letter or {@code _} first, then letters, digits, {@code . - _}. */
    static void checkName(String name, String path) {
        var valid = !name.isEmpty();
        for (int i = 0; valid && i < name.length(); ) {
            var c = name.codePointAt(i);
            valid = i == 0 ? Character.isLetter(c) || c == '_'
                    : Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.'
                            || Character.getType(c) == Character.NON_SPACING_MARK || Character.getType(c) == Character.COMBINING_SPACING_MARK;
            i += Character.charCount(c);
        }
        if (!valid) {
            throw new InvalidRequest("'" + path + "': '" + name + "' is not an XML element or attribute name");
        }
    }

    private static String elementText(String text, String path) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            var c = text.codePointAt(i);
            checkCharacter(c, path);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;"); // else a parser turns it into \n
                default -> out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static String attributeText(String text, String path) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            var c = text.codePointAt(i);
            checkCharacter(c, path);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '"' -> out.append("&quot;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static void checkCharacter(int c, String path) {
        var allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
        if (!allowed) {
            throw new InvalidRequest("'" + path + "' contains the character U+" + String.format("%04X", c) + ", which XML 1.0 cannot carry");
        }
    }
}
