package dev.dovetail.sandbox.common;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP answer. Immutable; {@link #withHeader} returns a copy.
 *
 * @param status  HTTP status code
 * @param headers response headers (one value each)
 * @param body    body bytes, empty for none
 */
public record Response(int status, Map<String, String> headers, byte[] body) {

    public Response {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** {@code 200} with a JSON body. */
    public static Response json(Object body) {
        return json(200, body);
    }

    /** A JSON body with the given status. */
    public static Response json(int status, Object body) {
        return new Response(status, Map.of("Content-Type", "application/json; charset=utf-8"), Json.bytes(body));
    }

    /** {@code 200} with an HTML page. */
    public static Response html(String html) {
        return html(200, html);
    }

    /** An HTML page with the given status. */
    public static Response html(int status, String html) {
        return new Response(status, Map.of("Content-Type", "text/html; charset=utf-8"),
                html.getBytes(StandardCharsets.UTF_8));
    }

    /** Plain text. */
    public static Response text(int status, String text) {
        return new Response(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** Any body with an explicit content type (e.g. XML for a SOAP answer). */
    public static Response of(int status, String contentType, byte[] body) {
        return new Response(status, Map.of("Content-Type", contentType), body);
    }

    /** No body (e.g. 204). */
    public static Response empty(int status) {
        return new Response(status, Map.of(), new byte[0]);
    }

    /** {@code 303 See Other} to a location: what an HTML form POST answers. */
    public static Response redirect(String location) {
        return new Response(303, Map.of("Location", location), new byte[0]);
    }

    /** A copy with one more (or a replaced) header. */
    public Response withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Response(status, copy, body);
    }

    /** The body as UTF-8 text (for logs and tests). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
