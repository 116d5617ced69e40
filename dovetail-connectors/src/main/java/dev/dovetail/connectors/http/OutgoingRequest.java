package dev.dovetail.connectors.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request about to be sent, in the form authentication works on: query parameters kept encoded in
 * the order they go on the wire, headers replaced case-insensitively, the body as final bytes.
 */
record OutgoingRequest(
        String method,
        String origin,
        String rawPath,
        List<QueryPair> query,
        Map<String, Header> headers,
        byte[] body,
        String contentType) {

    /** One query parameter, percent-encoded; {@code encodedValue} is {@code null} for a bare {@code name}. */
    record QueryPair(String encodedName, String encodedValue) {
        static QueryPair of(String name, String value) {
            return new QueryPair(UriText.encode(name), UriText.encode(value));
        }

        String text() {
            return encodedValue == null ? encodedName : encodedName + "=" + encodedValue;
        }
    }

    record Header(String name, String value) {}

    OutgoingRequest {
        query = List.copyOf(query);
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body;
    }

    /** Splits a raw query ({@code a=1&b=x%20y}) into its pairs, keeping their encoding. */
    static List<QueryPair> parseRawQuery(String rawQuery) {
        var pairs = new ArrayList<QueryPair>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (var piece : rawQuery.split("&")) {
            if (piece.isEmpty()) {
                continue;
            }
            var eq = piece.indexOf('=');
            pairs.add(eq < 0 ? new QueryPair(piece, null) : new QueryPair(piece.substring(0, eq), piece.substring(eq + 1)));
        }
        return pairs;
    }

    OutgoingRequest withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name.toLowerCase(Locale.ROOT), new Header(name, value));
        return new OutgoingRequest(method, origin, rawPath, query, copy, body, contentType);
    }

    /** Adds a parameter, replacing any of the same name. */
    OutgoingRequest withQueryParam(String name, String value) {
        var encodedName = UriText.encode(name);
        var copy = new ArrayList<QueryPair>();
        for (var pair : query) {
            if (!pair.encodedName().equals(encodedName)) {
                copy.add(pair);
            }
        }
        copy.add(QueryPair.of(name, value));
        return new OutgoingRequest(method, origin, rawPath, copy, headers, body, contentType);
    }

    boolean hasQueryParam(String name) {
        var encodedName = UriText.encode(name);
        return query.stream().anyMatch(pair -> pair.encodedName().equals(encodedName));
    }

    Collection<Header> headerList() {
        return headers.values();
    }

    /** The query as sent, without {@code ?}; empty when there is none. */
    String rawQuery() {
        return query.stream().map(QueryPair::text).collect(Collectors.joining("&"));
    }

    /** The query with its parameters sorted by name, then value. */
    String sortedRawQuery() {
        return query.stream()
                .sorted(Comparator.comparing(QueryPair::encodedName)
                        .thenComparing(pair -> pair.encodedValue() == null ? "" : pair.encodedValue()))
                .map(QueryPair::text)
                .collect(Collectors.joining("&"));
    }

    String pathAndQuery() {
        var rawQuery = rawQuery();
        return rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
    }

    URI uri() {
        return URI.create(origin + pathAndQuery());
    }

    /** {@code host} or {@code host:port} as in the {@code Host} header. */
    String host() {
        return URI.create(origin).getRawAuthority();
    }
}
