package dev.dovetail.connectors.soap;

import dev.dovetail.connectors.http.HttpAuth;
import dev.dovetail.connectors.http.HttpLimits;
import dev.dovetail.connectors.http.HttpTls;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach one SOAP system: the {@code connection}, {@code auth}, {@code limits} and {@code operations} of a
 * {@code systems/<name>.yaml} with {@code connector: soap}. Auth, limits and TLS are the HTTP connector's.
 *
 * @param name the system's name, e.g. {@code erp}
 * @param wsdl where the WSDL is: an http(s) URL (fetched with the system's credentials and TLS settings) or a
 *     {@code file:} URI (a file of the workspace)
 * @param endpoint where requests go, replacing the address the WSDL names; {@code null}: the WSDL's address
 * @param port the WSDL port to use; {@code null}: the first SOAP 1.1 port, else the first SOAP 1.2 port
 * @param elementForm whether child elements of a request are namespace-qualified; {@code null}: as the WSDL's
 *     schema says ({@code elementFormDefault}), qualified when the WSDL has no schema for the namespace
 * @param headers HTTP headers sent with every request (literal values)
 * @param auth how requests are authenticated
 * @param limits rate, concurrency, timeouts, answer size and circuit breaker
 * @param tls which server certificates to trust
 * @param operations per-operation settings, by the name flows use
 */
public record SoapSystemConfig(
        String name,
        URI wsdl,
        URI endpoint,
        String port,
        ElementForm elementForm,
        Map<String, String> headers,
        HttpAuth auth,
        HttpLimits limits,
        HttpTls tls,
        Map<String, SoapOperationConfig> operations) {

    /** {@code connection.elementFormDefault}. */
    public enum ElementForm {
        /** Child elements are in the request element's namespace. */
        QUALIFIED,
        /** Child elements are in no namespace. */
        UNQUALIFIED
    }

    public SoapSystemConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wsdl, "wsdl");
        var scheme = wsdl.getScheme() == null ? "" : wsdl.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            checkHttpUrl(name, "wsdl", wsdl);
        } else if (!scheme.equals("file")) {
            throw new IllegalArgumentException("system " + name + ": wsdl must be an http(s) URL or a file, got " + wsdl);
        }
        if (endpoint != null) {
            checkHttpUrl(name, "endpoint", endpoint);
            if (endpoint.getRawFragment() != null) {
                throw new IllegalArgumentException("system " + name + ": endpoint must not have a fragment: " + endpoint);
            }
        }
        port = port == null || port.isBlank() ? null : port.strip();
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        auth = auth == null ? HttpAuth.none() : auth;
        limits = limits == null ? HttpLimits.defaults() : limits;
        tls = tls == null ? HttpTls.systemDefault() : tls;
        operations = operations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(operations));
    }

    /** A system with its WSDL's endpoint, no auth, default limits and TLS, and no operation settings. */
    public static SoapSystemConfig of(String name, URI wsdl) {
        return new SoapSystemConfig(name, wsdl, null, null, null, null, null, null, null, null);
    }

    /** The settings of an operation; {@link SoapOperationConfig#DEFAULT} for one the system does not declare. */
    public SoapOperationConfig operation(String operationName) {
        return operations.getOrDefault(operationName, SoapOperationConfig.DEFAULT);
    }

    public SoapSystemConfig withEndpoint(URI newEndpoint) {
        return new SoapSystemConfig(name, wsdl, newEndpoint, port, elementForm, headers, auth, limits, tls, operations);
    }

    public SoapSystemConfig withPort(String newPort) {
        return new SoapSystemConfig(name, wsdl, endpoint, newPort, elementForm, headers, auth, limits, tls, operations);
    }

    public SoapSystemConfig withElementForm(ElementForm form) {
        return new SoapSystemConfig(name, wsdl, endpoint, port, form, headers, auth, limits, tls, operations);
    }

    public SoapSystemConfig withHeader(String headerName, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(headerName, value);
        return new SoapSystemConfig(name, wsdl, endpoint, port, elementForm, copy, auth, limits, tls, operations);
    }

    public SoapSystemConfig withAuth(HttpAuth newAuth) {
        return new SoapSystemConfig(name, wsdl, endpoint, port, elementForm, headers, newAuth, limits, tls, operations);
    }

    public SoapSystemConfig withLimits(HttpLimits newLimits) {
        return new SoapSystemConfig(name, wsdl, endpoint, port, elementForm, headers, auth, newLimits, tls, operations);
    }

    public SoapSystemConfig withTls(HttpTls newTls) {
        return new SoapSystemConfig(name, wsdl, endpoint, port, elementForm, headers, auth, limits, newTls, operations);
    }

    /** A copy with settings for one more operation (replacing one of the same name). */
    public SoapSystemConfig withOperation(String operationName, SoapOperationConfig operation) {
        var copy = new LinkedHashMap<>(operations);
        copy.put(operationName, operation);
        return new SoapSystemConfig(name, wsdl, endpoint, port, elementForm, headers, auth, limits, tls, copy);
    }

    private static void checkHttpUrl(String system, String what, URI url) {
        var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("system " + system + ": " + what + " must be an http or https URL, got " + url);
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("system " + system + ": " + what + " has no host: " + url);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("system " + system + ": put credentials in auth, not in the " + what + " URL");
        }
    }
}
