package dev.dovetail.connectors.http;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Turns an answer's bytes into the value an outcome carries: JSON-like values for JSON, text otherwise. */
final class ResponseBodies {

    private ResponseBodies() {}

    static Object parse(byte[] body, String contentType) {
        if (body.length == 0) {
            return null;
        }
        var charset = charset(contentType);
        var text = new String(body, charset);
        if (isJson(contentType) || (contentType == null && looksLikeJson(text))) {
            try {
                return charset.equals(StandardCharsets.UTF_8) ? Json.read(body) : Json.read(text);
            } catch (IOException e) {
                return text; // an answer that claims JSON but is not is still an answer; keep its text
            }
        }
        return text;
    }

    static String text(byte[] body, String contentType) {
        return body.length == 0 ? null : new String(body, charset(contentType));
    }

    static boolean isJson(String contentType) {
        var type = mediaType(contentType);
        return type.endsWith("/json") || type.endsWith("+json");
    }

    static Charset charset(String contentType) {
        if (contentType != null) {
            for (var param : contentType.split(";")) {
                var trimmed = param.trim();
                if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    var name = trimmed.substring("charset=".length()).replace("\"", "").trim();
                    try {
                        return Charset.forName(name);
                    } catch (RuntimeException unknown) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        var semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean looksLikeJson(String text) {
        var trimmed = text.strip();
        return trimmed.startsWith("{") || trimmed.startsWith("[");
    }
}
