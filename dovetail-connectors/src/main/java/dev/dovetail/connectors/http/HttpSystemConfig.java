package dev.dovetail.connectors.http;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach one business system over HTTP: the {@code connection}, {@code auth}, {@code limits}
 * and {@code operations} of a {@code systems/<name>.yaml} with {@code connector: http}.
 *
 * @param name the system's name, e.g. {@code crm}
 * @param baseUrl scheme, host, port and an optional path prefix; operation paths are appended to it
 * @param headers headers sent with every request of this system (literal values)
 * @param auth how requests are authenticated
 * @param limits rate, concurrency, timeouts, response size and circuit breaker
 * @param tls which server certificates to trust
 * @param operations the operations, by name
 */
public record HttpSystemConfig(
        String name,
        URI baseUrl,
        Map<String, String> headers,
        HttpAuth auth,
        HttpLimits limits,
        HttpTls tls,
        Map<String, HttpOperationConfig> operations) {

    public HttpSystemConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        var scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("system " + name + ": baseUrl must be an http or https URL, got " + baseUrl);
        }
        if (baseUrl.getHost() == null || baseUrl.getHost().isEmpty()) {
            throw new IllegalArgumentException("system " + name + ": baseUrl has no host: " + baseUrl);
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("system " + name + ": baseUrl must not have a query or fragment: " + baseUrl);
        }
        if (baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("system " + name + ": put credentials in auth, not in baseUrl");
        }
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        auth = auth == null ? HttpAuth.none() : auth;
        limits = limits == null ? HttpLimits.defaults() : limits;
        tls = tls == null ? HttpTls.systemDefault() : tls;
        operations = operations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(operations));
    }

    /** A system with default auth (none), limits and TLS, and no operations yet. */
    public static HttpSystemConfig of(String name, URI baseUrl) {
        return new HttpSystemConfig(name, baseUrl, null, null, null, null, null);
    }

    /**
     * Reads the configuration from a system file's content after placeholders were resolved: the map
     * of {@code connection}, {@code auth}, {@code limits} and {@code operations} as parsed from YAML.
     *
     * @param name the system's name
     * @param system the system file as a map
     * @throws IllegalArgumentException listing every problem found
     */
    public static HttpSystemConfig fromMap(String name, Map<String, ?> system) {
        return HttpConfigReader.read(name, system, null);
    }

    /**
     * As {@link #fromMap(String, Map)}, resolving a relative {@code connection.tls.caFile} against the
     * workspace folder.
     */
    public static HttpSystemConfig fromMap(String name, Map<String, ?> system, java.nio.file.Path workspaceRoot) {
        return HttpConfigReader.read(name, system, workspaceRoot);
    }

    public HttpSystemConfig withAuth(HttpAuth newAuth) {
        return new HttpSystemConfig(name, baseUrl, headers, newAuth, limits, tls, operations);
    }

    public HttpSystemConfig withLimits(HttpLimits newLimits) {
        return new HttpSystemConfig(name, baseUrl, headers, auth, newLimits, tls, operations);
    }

    public HttpSystemConfig withTls(HttpTls newTls) {
        return new HttpSystemConfig(name, baseUrl, headers, auth, limits, newTls, operations);
    }

    public HttpSystemConfig withHeader(String headerName, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(headerName, value);
        return new HttpSystemConfig(name, baseUrl, copy, auth, limits, tls, operations);
    }

    /** A copy with one more operation (replacing one of the same name). */
    public HttpSystemConfig withOperation(String operationName, HttpOperationConfig operation) {
        var copy = new LinkedHashMap<>(operations);
        copy.put(operationName, operation);
        return new HttpSystemConfig(name, baseUrl, headers, auth, limits, tls, copy);
    }
}
