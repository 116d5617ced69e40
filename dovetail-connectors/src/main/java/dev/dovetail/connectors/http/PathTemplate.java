package dev.dovetail.connectors.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A path such as {@code /customers/{id}/orders}; placeholders are filled with percent-encoded values. */
record PathTemplate(List<Part> parts) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    sealed interface Part {}

    record Literal(String text) implements Part {}

    record Placeholder(String name) implements Part {}

    static PathTemplate parse(String template) {
        var parts = new ArrayList<Part>();
        var literal = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            var c = template.charAt(i);
            if (c == '{') {
                var end = template.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '{' in path template " + template);
                }
                var name = template.substring(i + 1, end);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("bad placeholder {" + name + "} in path template " + template
                            + " (letters, digits, '_', '.', '-')");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Placeholder(name));
                i = end;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' in path template " + template);
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new PathTemplate(List.copyOf(parts));
    }

    /**
     * Fills the placeholders. Literal text is kept as written (it is the configured path); values are
     * encoded so that a {@code /}, {@code ?} or {@code #} in them cannot change the request's shape.
     *
     * @throws InvalidCall when a value is missing or not a scalar
     */
    String expand(Map<String, Object> values) {
        var path = new StringBuilder();
        for (var part : parts) {
            switch (part) {
                case Literal literal -> path.append(literal.text());
                case Placeholder placeholder -> {
                    if (!values.containsKey(placeholder.name()) || values.get(placeholder.name()) == null) {
                        throw new InvalidCall("path parameter '" + placeholder.name() + "' has no value");
                    }
                    var text = UriText.scalar(values.get(placeholder.name()), "path parameter '" + placeholder.name() + "'");
                    if (text.isEmpty() || text.equals(".") || text.equals("..")) {
                        throw new InvalidCall("path parameter '" + placeholder.name() + "' is '" + text
                                + "', which would change the path");
                    }
                    path.append(UriText.encode(text));
                }
            }
        }
        return path.toString();
    }
}
