package dev.dovetail.runtime.flow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Hides the values of sensitive fields ({@code dovetail.yaml: sensitiveFields}, e.g. {@code password},
 * {@code idCard}, {@code phone}, {@code bankCard}) in what traces keep. Field names match case-insensitively
 * at any depth.
 *
 * <p>A value becomes {@code ****} followed by its last 4 characters, so an operator can still tell two
 * phone numbers or bank cards apart ({@code 13812345678} → {@code ****5678}). Values shorter than 8
 * characters, objects and arrays become {@code ****}, and so does every value of a field whose name
 * says it is a secret (it contains {@code password}, {@code passwd}, {@code secret} or {@code token},
 * or is {@code pwd}): a part of a password is still a secret. {@code null} stays {@code null}.
 */
public final class TraceMasking {

    static final String MASK = "****";
    private static final int VISIBLE = 4;
    private static final int SHORTEST_PARTLY_SHOWN = 8;
    private static final TraceMasking NONE = new TraceMasking(Set.of());
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "token");

    /** {@code "name": "value"} or {@code "name": 123} in JSON text. */
    private static final Pattern JSON_PAIR = Pattern.compile(
            "\"((?:[^\"\\\\]|\\\\.){1,200})\"(\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d[\\d.eE+-]*)");
    /** {@code <name>value</name>} in XML text. */
    private static final Pattern XML_ELEMENT = Pattern.compile("<([A-Za-z_][\\w.:-]{0,200})(\\s[^<>]*)?>([^<]*)</\\1\\s*>");

    private final Set<String> fields;

    private TraceMasking(Set<String> lowerCaseFields) {
        this.fields = lowerCaseFields;
    }

    /** Masks nothing. */
    public static TraceMasking none() {
        return NONE;
    }

    /** Masks the fields with these names (case-insensitively). */
    public static TraceMasking of(Collection<String> fieldNames) {
        var lower = fieldNames.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return lower.isEmpty() ? NONE : new TraceMasking(lower);
    }

    /** The masked field names, in lower case. */
    public Set<String> fields() {
        return fields;
    }

    /**
     * A copy of a JSON-like value with the sensitive fields masked; the value itself when it has none
     * (values are never modified).
     */
    public Object mask(Object value) {
        return fields.isEmpty() ? value : walk(value, 0);
    }

    /**
     * Masks sensitive fields in text that holds JSON ({@code "phone": "13812345678"}) or XML
     * ({@code <phone>13812345678</phone>}), such as an answer's body or an excerpt of it. Best effort:
     * text in other formats is returned as it is.
     */
    public String maskText(String text) {
        if (text == null || fields.isEmpty()) {
            return text;
        }
        return maskXml(maskJson(text));
    }

    private boolean sensitive(String name) {
        return fields.contains(name.toLowerCase(Locale.ROOT));
    }

    private Object walk(Object value, int depth) {
        if (depth > 200) {
            return MASK; // deeper than any real message; do not risk the stack for a trace
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = null;
            int i = 0;
            for (var entry : map.entrySet()) {
                var key = String.valueOf(entry.getKey());
                var old = entry.getValue();
                var masked = sensitive(key) ? maskedValue(key, old) : walk(old, depth + 1);
                if (masked != old && copy == null) {
                    copy = new LinkedHashMap<>();
                    int j = 0;
                    for (var earlier : map.entrySet()) {
                        if (j++ == i) {
                            break;
                        }
                        copy.put(String.valueOf(earlier.getKey()), earlier.getValue());
                    }
                }
                if (copy != null) {
                    copy.put(key, masked);
                }
                i++;
            }
            return copy == null ? value : copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                var old = list.get(i);
                var masked = walk(old, depth + 1);
                if (masked != old && copy == null) {
                    copy = new ArrayList<>(list.subList(0, i));
                }
                if (copy != null) {
                    copy.add(masked);
                }
            }
            return copy == null ? value : copy;
        }
        return value;
    }

    static Object maskedValue(String name, Object value) {
        return switch (value) {
            case null -> null;
            case Map<?, ?> map -> MASK;
            case List<?> list -> MASK;
            case BigDecimal d -> maskedText(name, d.toPlainString());
            default -> maskedText(name, String.valueOf(value));
        };
    }

    static String maskedText(String name, String text) {
        var lower = name.toLowerCase(Locale.ROOT);
        var secret = lower.equals("pwd") || SECRET_WORDS.stream().anyMatch(lower::contains);
        var length = text.codePointCount(0, text.length());
        if (secret || length < SHORTEST_PARTLY_SHOWN) {
            return MASK;
        }
        return MASK + text.substring(text.offsetByCodePoints(0, length - VISIBLE));
    }

    private String maskJson(String text) {
        var matcher = JSON_PAIR.matcher(text);
        var out = new StringBuilder();
        while (matcher.find()) {
            var name = matcher.group(1);
            if (sensitive(name)) {
                var raw = matcher.group(3);
                var value = raw.startsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
                var replacement = "\"" + name + "\"" + matcher.group(2) + "\"" + maskedText(name, value) + "\"";
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String maskXml(String text) {
        var matcher = XML_ELEMENT.matcher(text);
        var out = new StringBuilder();
        while (matcher.find()) {
            var name = matcher.group(1);
            var local = name.contains(":") ? name.substring(name.indexOf(':') + 1) : name;
            if (sensitive(local) && !matcher.group(3).isEmpty()) {
                var attributes = matcher.group(2) == null ? "" : matcher.group(2);
                var replacement = "<" + name + attributes + ">" + maskedText(local, matcher.group(3).strip()) + "</" + name + ">";
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
