package dev.dovetail.runtime.intake;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** A parsed {@code Content-Type}: which body format it names and the charset parameter, if any. */
record MediaType(Format format, String essence, Optional<String> charset) {

    enum Format { JSON, XML, FORM }

    private static final int MAX_LENGTH = 200;

    /**
     * @throws Refusal 415 when absent, not parseable, or not JSON, XML or a URL-encoded form
     */
    static MediaType parse(String contentType) throws Refusal {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("the request has no Content-Type; send application/json, application/xml or application/x-www-form-urlencoded");
        }
        if (contentType.length() > MAX_LENGTH) throw unsupported("the Content-Type is longer than " + MAX_LENGTH + " characters");
        String[] parts = contentType.split(";", -1);
        String essence = parts[0].strip().toLowerCase(Locale.ROOT);
        Optional<String> charset = Optional.empty();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.isEmpty()) continue;
            int eq = parameter.indexOf('=');
            if (eq <= 0) throw unsupported("the Content-Type parameter " + Refusal.quote(parameter) + " is not name=value");
            String name = parameter.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = parameter.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
            if (name.equals("charset")) {
                if (charset.isPresent()) throw unsupported("the Content-Type names a charset twice");
                charset = Optional.of(value);
            }
        }
        if (essence.isEmpty()) throw unsupported("the Content-Type has no media type; send application/json, application/xml or application/x-www-form-urlencoded");
        Format format = formatOf(essence);
        if (format == null) {
            throw unsupported("Content-Type " + Refusal.quote(essence)
                    + " is not supported; send application/json, application/xml or application/x-www-form-urlencoded");
        }
        return new MediaType(format, essence, charset);
    }

    private static Format formatOf(String essence) {
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1) return null;
        String type = essence.substring(0, slash);
        String subtype = essence.substring(slash + 1);
        if (!type.equals("application") && !type.equals("text")) return null;
        if (subtype.equals("json") || subtype.endsWith("+json")) return Format.JSON;
        if (subtype.equals("xml") || subtype.endsWith("+xml")) return Format.XML;
        if (type.equals("application") && subtype.equals("x-www-form-urlencoded")) return Format.FORM;
        return null;
    }

    /**
     * The charset to read the body in: the parameter's, else UTF-8. JSON is UTF-8 only (RFC 8259).
     *
     * @throws Refusal 415 for a charset this JVM does not know or, for JSON, anything but UTF-8
     */
    Charset charsetOrUtf8() throws Refusal {
        if (charset.isEmpty()) return StandardCharsets.UTF_8;
        String name = charset.get();
        Charset resolved;
        try {
            resolved = Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw unsupported("charset " + Refusal.quote(name) + " is not supported");
        }
        if (format == Format.JSON && !resolved.equals(StandardCharsets.UTF_8)) {
            throw unsupported("JSON must be UTF-8, not " + Refusal.quote(name));
        }
        return resolved;
    }

    private static Refusal unsupported(String message) {
        return new Refusal(415, RefusalCode.UNSUPPORTED_CONTENT_TYPE, message);
    }
}
