package dev.dovetail.sandbox.common;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP request as a handler sees it: method, path, path parameters, query, headers, body. */
public final class Request {

    private final HttpExchange exchange;
    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final byte[] body;

    Request(HttpExchange exchange, String method, String path, Map<String, String> pathParams, byte[] body) {
        this.exchange = exchange;
        this.method = method;
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        this.query = parseForm(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
        this.body = body;
    }

    /** Upper-case HTTP method. */
    public String method() {
        return method;
    }

    /** Decoded path without the query, e.g. {@code /api/accounts/ACC-1}. */
    public String path() {
        return path;
    }

    /** A {@code {name}} segment of the route pattern; throws if the route has none of that name. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter " + name);
        }
        return value;
    }

    /** All query parameters (decoded; repeated names keep every value in order). */
    public Map<String, List<String>> query() {
        return query;
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** A query parameter as an int within [min, max]; 400 when it is not a number or out of range. */
    public int intParam(String name, int defaultValue, int min, int max) {
        Optional<String> raw = queryParam(name);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get().trim());
            if (value < min || value > max) {
                throw HttpProblem.badRequest(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(name + " must be an integer");
        }
    }

    /** The first value of a request header (case-insensitive name). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    /** Raw body bytes (empty when none). */
    public byte[] body() {
        return body;
    }

    /** Body decoded with the charset of the Content-Type (UTF-8 when none is named). */
    public String bodyText() {
        return new String(body, charset());
    }

    /** Body as a JSON object; 400 when it is missing or not an object. */
    public Map<String, Object> jsonBody() {
        if (body.length == 0) {
            throw HttpProblem.badRequest("a JSON object body is required");
        }
        try {
            return Json.readObject(bodyText());
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
    }

    /** Body as {@code application/x-www-form-urlencoded} fields (first value of each). */
    public Map<String, String> formBody() {
        Map<String, String> first = new LinkedHashMap<>();
        parseForm(bodyText(), charset()).forEach((k, v) -> first.put(k, v.getFirst()));
        return first;
    }

    /** The client's IP address. */
    public String remoteAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /** The underlying exchange, for what this class does not cover. Do not send a response on it. */
    public HttpExchange exchange() {
        return exchange;
    }

    private Charset charset() {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null) {
            for (String part : type.split(";")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException e) {
                        throw HttpProblem.badRequest("unknown charset " + p.substring(8));
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static Map<String, List<String>> parseForm(String raw, Charset charset) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String s, Charset charset) {
        try {
            return URLDecoder.decode(s, charset);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("malformed URL encoding");
        }
    }
}
