package dev.dovetail.connectors.http;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One operation of an HTTP system. Query parameters, headers and the body are not part of it: the
 * runtime evaluates the operation's {@code query}, {@code headers} and {@code request} mapping and
 * passes the values in the {@link dev.dovetail.spi.OperationCall}.
 *
 * @param method the HTTP method, upper case
 * @param path the path template appended to the system's base URL, e.g. {@code /orders/{orderNo}};
 *     each {@code {name}} is replaced by the URL-encoded path parameter of that name
 * @param idempotencyHeader the header that carries the call's idempotency key (e.g.
 *     {@code Idempotency-Key}), or {@code null} when the target has none
 * @param bodyFormat how a JSON-like body is encoded
 * @param pagination how the operation pages through results; {@link HttpPagination#none()} when it does not
 */
public record HttpOperationConfig(
        String method, String path, String idempotencyHeader, BodyFormat bodyFormat, HttpPagination pagination) {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /** How a JSON-like request body is put on the wire. */
    public enum BodyFormat {
        /** {@code application/json} */
        JSON,
        /** {@code application/x-www-form-urlencoded}; the body must be a flat map of scalars or lists of scalars */
        FORM
    }

    public HttpOperationConfig {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unsupported HTTP method " + method + " (use one of " + METHODS + ")");
        }
        Objects.requireNonNull(path, "path");
        if (path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("path " + path + " must not contain a query or fragment; pass query values as query parameters");
        }
        PathTemplate.parse(path); // fails early on a malformed template
        if (idempotencyHeader != null && idempotencyHeader.isBlank()) {
            idempotencyHeader = null;
        }
        bodyFormat = bodyFormat == null ? BodyFormat.JSON : bodyFormat;
        pagination = pagination == null ? HttpPagination.none() : pagination;
    }

    /** An operation with a JSON body, no idempotency header and no pagination. */
    public static HttpOperationConfig of(String method, String path) {
        return new HttpOperationConfig(method, path, null, null, null);
    }

    public HttpOperationConfig withIdempotencyHeader(String header) {
        return new HttpOperationConfig(method, path, header, bodyFormat, pagination);
    }

    public HttpOperationConfig withBodyFormat(BodyFormat format) {
        return new HttpOperationConfig(method, path, idempotencyHeader, format, pagination);
    }

    public HttpOperationConfig withPagination(HttpPagination newPagination) {
        return new HttpOperationConfig(method, path, idempotencyHeader, bodyFormat, newPagination);
    }
}
